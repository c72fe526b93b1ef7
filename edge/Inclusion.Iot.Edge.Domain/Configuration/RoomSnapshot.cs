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
    /// <summary>The organisation's time zone (IANA id): R-WEEK's ISO weeks begin at Monday midnight there.</summary>
    public string TimeZone { get; init; } = "UTC";
    /// <summary>When the server issued the snapshot (its weekly counts are as of then).</summary>
    public DateTimeOffset? IssuedAt { get; init; }

    public const int PresetCapacity = 8;

    public int PupilCapacity => Capacity > 0 ? Capacity : PresetCapacity;
}
