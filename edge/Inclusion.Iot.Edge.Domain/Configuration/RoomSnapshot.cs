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
    /// <summary>When the server issued the snapshot.</summary>
    public DateTimeOffset? IssuedAt { get; init; }

    /// <summary>When the server counted the pupils' sessions elsewhere (every answer refreshes them); null: as of <see cref="IssuedAt"/>.</summary>
    public DateTimeOffset? CountedAt { get; init; }

    /// <summary>When this edge last heard from the server (by the edge's clock); null: never recorded (then as of <see cref="IssuedAt"/>).</summary>
    public DateTimeOffset? ConfirmedAt { get; init; }

    /// <summary>The moment the cached configuration is known to have been current.</summary>
    public DateTimeOffset? CurrentAsOf => ConfirmedAt ?? IssuedAt;

    /// <summary>The weekly counts' moment.</summary>
    public DateTimeOffset? CountsAsOf => CountedAt ?? IssuedAt;

    /// <summary>Each pupil's sessions elsewhere replaced by a fresher count (pupils not listed have none), as of <paramref name="countedAt"/>.</summary>
    public RoomSnapshot WithWeekCounts(IReadOnlyDictionary<string, int> sessionsElsewhere, DateTimeOffset countedAt)
    {
        ArgumentNullException.ThrowIfNull(sessionsElsewhere);
        return this with
        {
            Pupils = [.. Pupils.Select(p => p with { SessionsThisWeekElsewhere = sessionsElsewhere.GetValueOrDefault(p.PupilId) })],
            CountedAt = countedAt,
        };
    }

    public const int PresetCapacity = 8;

    public int PupilCapacity => Capacity > 0 ? Capacity : PresetCapacity;
}
