namespace Inclusion.Iot.Server.Data;

/// <summary>A school or kindergarten: the tenant that owns rooms, staff, pupils and the badge salt.</summary>
public sealed class Organisation
{
    public required string Id { get; set; }

    public required string Name { get; set; }

    /// <summary>The network this organisation belongs to (required; the demo seed creates one).</summary>
    public required string NetworkId { get; set; }

    /// <summary>IANA time zone, for schedules and weekly limits.</summary>
    public required string TimeZone { get; set; }

    /// <summary>HMAC key for badge hashes; generated at creation, never leaves the server except in edge snapshots.</summary>
    public required byte[] BadgeSalt { get; set; }

    /// <summary>
    /// The version of the configuration snapshot that edges pull. Bumped by <see cref="ServerDbContext"/>
    /// whenever a configuration record of this organisation changes.
    /// </summary>
    public long ConfigurationVersion { get; set; } = 1;

    public RoomPolicy Policy { get; set; } = new();

    public List<Room> Rooms { get; } = [];
}
