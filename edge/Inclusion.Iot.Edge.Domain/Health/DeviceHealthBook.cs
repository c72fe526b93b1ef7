namespace Inclusion.Iot.Edge.Domain.Health;

/// <summary>The persisted health of every device of the room, by device name. Immutable.</summary>
public sealed record DeviceHealthBook
{
    public static readonly DeviceHealthBook Empty = new();

    public IReadOnlyDictionary<string, DeviceHealth> Devices { get; init; } = new Dictionary<string, DeviceHealth>();
}
