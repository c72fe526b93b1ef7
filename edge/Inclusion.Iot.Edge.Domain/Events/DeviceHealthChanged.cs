using Inclusion.Iot.Edge.Domain.Health;

namespace Inclusion.Iot.Edge.Domain.Events;

/// <summary>
/// A device's health status changed (ok → offline / stale / low battery, or back to ok); one per change, never one per
/// report. <paramref name="Reason"/> is the offline reason when the status is offline.
/// </summary>
public sealed record DeviceHealthChanged(
    DateTimeOffset OccurredAt,
    string Device,
    DeviceStatus Status,
    DateTimeOffset? LastSeen,
    int? BatteryPercent,
    int? LinkQuality,
    string? Reason) : RoomEvent(OccurredAt);
