using Inclusion.Iot.Edge.Domain.Health;
using Inclusion.Iot.Edge.Domain.Occupancy;

namespace Inclusion.Iot.Edge.Domain.Configuration;

/// <summary>The room policy values the state machine applies (zero or negative from the server means "use the default").</summary>
public sealed record RoomRules
{
    public const int DefaultEscortWindowSeconds = 5;
    public const int DefaultOverrunLimitMinutes = 10;

    public int EscortWindowSeconds { get; init; } = DefaultEscortWindowSeconds;
    public int OverrunLimitMinutes { get; init; } = DefaultOverrunLimitMinutes;

    /// <summary>R-DUR: planned lengths per session kind, and the panel's extend step.</summary>
    public SessionPolicy Sessions { get; init; } = new();

    /// <summary>The visual timer's warning thresholds.</summary>
    public TimerPolicy Timer { get; init; } = new();

    /// <summary>The idle scene and the pacing of a session's scenes.</summary>
    public ScenePolicy Scenes { get; init; } = new();

    /// <summary>R-WEEK's limits by support level.</summary>
    public WeeklyPolicy Weekly { get; init; } = new();

    /// <summary>R-SCHED's tolerance before a slot.</summary>
    public SchedulePolicy Schedule { get; init; } = new();

    /// <summary>What the edge honours from its cached configuration while the server is unreachable.</summary>
    public OfflinePolicy Offline { get; init; } = new();

    /// <summary>R-ESCORT's alarm grace and the lock's release time.</summary>
    public SafetyPolicy Safety { get; init; } = new();

    /// <summary>How the room's sensors are fused into one occupancy.</summary>
    public OccupancyPolicy Occupancy { get; init; } = new();

    /// <summary>When a device counts as stale or low on battery.</summary>
    public DeviceHealthPolicy Health { get; init; } = new();

    public TimeSpan EscortWindow => TimeSpan.FromSeconds(EscortWindowSeconds > 0 ? EscortWindowSeconds : DefaultEscortWindowSeconds);
    public TimeSpan OverrunLimit => TimeSpan.FromMinutes(OverrunLimitMinutes > 0 ? OverrunLimitMinutes : DefaultOverrunLimitMinutes);
}
