namespace Inclusion.Iot.Edge.Domain.Configuration;

/// <summary>
/// What the room needs from the server's configuration snapshot to decide on badges and sessions.
/// Pupils appear only under pseudonymous ids and a panel display name.
/// </summary>
public sealed record RoomSnapshot
{
    public required long Version { get; init; }
    public required string RoomId { get; init; }
    public required IReadOnlyList<byte> BadgeSalt { get; init; }
    public IReadOnlyList<StaffCard> Staff { get; init; } = [];
    public IReadOnlyList<PupilCard> Pupils { get; init; } = [];
    public RoomRules Rules { get; init; } = new();
    /// <summary>R-CAP: the most pupils the room holds at once (0: the preset).</summary>
    public int Capacity { get; init; }

    public const int PresetCapacity = 8;

    public int PupilCapacity => Capacity > 0 ? Capacity : PresetCapacity;
}
