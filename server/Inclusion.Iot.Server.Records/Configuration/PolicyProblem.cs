namespace Inclusion.Iot.Server.Records.Configuration;

/// <summary>One policy value the server will not send to an edge: the field (as the contract names it), the value, why.</summary>
public sealed record PolicyProblem(string Field, string Value, string Reason);
