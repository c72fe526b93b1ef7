using Inclusion.Iot.Edge.Domain.Configuration;

namespace Inclusion.Iot.Edge.Domain.Health;

/// <summary>What the room knows of one device's health. Immutable.</summary>
public sealed record DeviceHealth
{
    /// <summary>Null while the device is known only from its availability (no report yet).</summary>
    public DeviceRole? Role { get; init; }

    /// <summary>When the room first heard of the device (report or availability); staleness counts from here until a report.</summary>
    public DateTimeOffset KnownSince { get; init; }

    /// <summary>The last report from the device itself (availability messages do not count: they may be retained).</summary>
    public DateTimeOffset? LastSeen { get; init; }

    public int? BatteryPercent { get; init; }
    public int? LinkQuality { get; init; }

    /// <summary>Availability: true until an availability message says otherwise.</summary>
    public bool Online { get; init; } = true;

    /// <summary>Why it went offline (kept while offline), e.g. "LWT Offline" or "reader stopped answering".</summary>
    public string? OfflineReason { get; init; }

    /// <summary>Latched when the battery reached the low threshold; released at the recovery level.</summary>
    public bool BatteryLow { get; init; }

    /// <summary>The status last announced with <c>DeviceHealthChanged</c>.</summary>
    public DeviceStatus Status { get; init; } = DeviceStatus.Ok;
}
