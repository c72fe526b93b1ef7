namespace Inclusion.Iot.Server.Data;

/// <summary>The device health projection: one row per edge and device, from DeviceHealthChanged and
/// DeviceAvailabilityChanged.</summary>
public sealed class DeviceHealth
{
    public required string EdgeId { get; set; }

    /// <summary>The device's name in the room file, as the edge reports it.</summary>
    public required string Device { get; set; }

    public required string RoomId { get; set; }

    /// <summary>The last health status reported; null until a DeviceHealthChanged arrives.</summary>
    public DeviceHealthStatus? Status { get; set; }

    public bool Online { get; set; }

    /// <summary>When the device was last heard (the health event's last_seen; an availability "online" event's time).</summary>
    public DateTime? LastSeenAt { get; set; }

    public int? BatteryPercent { get; set; }

    public int? LinkQuality { get; set; }

    public string? LastFaultReason { get; set; }

    /// <summary>Transitions to offline (from online or from unknown).</summary>
    public int FaultCount { get; set; }

    /// <summary>Seconds online accumulated over closed online stretches (an open stretch runs from <see cref="OnlineSince"/>).</summary>
    public long OnlineSeconds { get; set; }

    public DateTime? OnlineSince { get; set; }

    /// <summary>The placed time of the last event for the device.</summary>
    public DateTime ChangedAt { get; set; }

    public DateTime? EdgeChangedAt { get; set; }

    public ClockSource ClockSource { get; set; } = ClockSource.Edge;

    public long LastSequence { get; set; }
}
