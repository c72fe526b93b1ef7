namespace Inclusion.Iot.Server.Data;

/// <summary>A room's edge computer as the server knows it.</summary>
public sealed class Edge
{
    public required string Id { get; set; }

    public required string RoomId { get; set; }

    public DateTime? LastSeenAt { get; set; }

    public string? SoftwareVersion { get; set; }

    /// <summary>Every event of this edge up to and including this sequence is stored: contiguous from 1.</summary>
    public long HighWaterSequence { get; set; }

    public Room? Room { get; set; }
}
