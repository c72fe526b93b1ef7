namespace Inclusion.Iot.Server.Data;

/// <summary>
/// A network of organisations (a municipality's schools, a trust): what a network coordinator sees in aggregate.
/// Network → organisation → room → edge.
/// </summary>
public sealed class Network
{
    public required string Id { get; set; }

    public required string Name { get; set; }
}
