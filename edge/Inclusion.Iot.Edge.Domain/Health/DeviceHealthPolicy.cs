using Inclusion.Iot.Edge.Domain.Configuration;

namespace Inclusion.Iot.Edge.Domain.Health;

/// <summary>
/// The numbers of device health. Zigbee2MQTT marks a battery device offline only after 25 h of silence, far too late
/// for a sensor of a room in use, so occupancy sensors and door contacts are also judged by how long ago they last
/// reported. Readers, lights, timers, locks, fire-alarm inputs and buzzers are judged by availability only.
/// Zero or negative values mean "use the default".
/// </summary>
public sealed record DeviceHealthPolicy
{
    public const int DefaultOccupancyStaleMinutes = 60;
    public const int DefaultDoorContactStaleMinutes = 240;
    public const int DefaultLowBatteryPercent = 15;
    public const int DefaultBatteryRecoveredPercent = 25;
    public const int DefaultLastSeenResolutionSeconds = 60;

    public int OccupancyStaleMinutes { get; init; } = DefaultOccupancyStaleMinutes;
    public int DoorContactStaleMinutes { get; init; } = DefaultDoorContactStaleMinutes;

    /// <summary>At or below this the battery is low.</summary>
    public int LowBatteryPercent { get; init; } = DefaultLowBatteryPercent;

    /// <summary>
    /// Once low, the battery counts as fine again only at or above this (a new battery), so a reading wandering around
    /// the threshold does not flap the status.
    /// </summary>
    public int BatteryRecoveredPercent { get; init; } = DefaultBatteryRecoveredPercent;

    /// <summary>
    /// Last seen and link quality are kept to this resolution: a report within it that brings no new battery level changes
    /// nothing, so a chatty sensor (an mmWave reporting its target distance) does not rewrite the room state each time.
    /// Far below any staleness limit.
    /// </summary>
    public int LastSeenResolutionSeconds { get; init; } = DefaultLastSeenResolutionSeconds;

    public TimeSpan LastSeenResolution => TimeSpan.FromSeconds(LastSeenResolutionSeconds > 0 ? LastSeenResolutionSeconds : DefaultLastSeenResolutionSeconds);

    public int LowBattery => LowBatteryPercent > 0 ? LowBatteryPercent : DefaultLowBatteryPercent;

    public int BatteryRecovered => Math.Max(BatteryRecoveredPercent > 0 ? BatteryRecoveredPercent : DefaultBatteryRecoveredPercent, LowBattery + 1);

    /// <summary>How long a device of <paramref name="role"/> may stay silent before it is stale; null = availability only.</summary>
    public TimeSpan? StaleAfter(DeviceRole role) => role switch
    {
        DeviceRole.Occupancy => TimeSpan.FromMinutes(OccupancyStaleMinutes > 0 ? OccupancyStaleMinutes : DefaultOccupancyStaleMinutes),
        DeviceRole.DoorContact => TimeSpan.FromMinutes(DoorContactStaleMinutes > 0 ? DoorContactStaleMinutes : DefaultDoorContactStaleMinutes),
        _ => null,
    };
}
