using Inclusion.Iot.Server.Data;

namespace Inclusion.Iot.Server.Records.Incoming;

/// <summary>A specialist set a rule aside for a pupil, with the reason typed on the panel.</summary>
public sealed record RuleOverridden(string RuleId, string? PupilId, string? StaffId, string? Reason) : EventBody;
