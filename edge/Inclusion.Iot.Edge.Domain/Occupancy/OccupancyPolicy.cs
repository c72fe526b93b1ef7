namespace Inclusion.Iot.Edge.Domain.Occupancy;

/// <summary>The numbers of occupancy fusion. Negative values mean "use the default" (zero is a real choice where noted).</summary>
public sealed record OccupancyPolicy
{
    public const int DefaultMotionHoldSeconds = 0;
    public const int DefaultPresenceClearDebounceSeconds = 10;
    public const int DefaultDoorHoldMaxMinutes = 120;

    /// <summary>Extra time a PIR keeps the room occupied after its last motion report, beyond its own clear (0 = none).</summary>
    public int MotionHoldSeconds { get; init; } = DefaultMotionHoldSeconds;

    /// <summary>How long an mmWave "not present" must last before it counts (0 = at once).</summary>
    public int PresenceClearDebounceSeconds { get; init; } = DefaultPresenceClearDebounceSeconds;

    /// <summary>
    /// Whether a closed door keeps the room occupied after someone was detected inside it ("wasp in a box").
    /// </summary>
    public bool DoorHoldsOccupancy { get; init; } = true;

    /// <summary>
    /// The longest a closed door keeps the room occupied after its sensors last saw someone, so a stuck door
    /// contact cannot hold the room forever (0 or negative = the default).
    /// </summary>
    public int DoorHoldMaxMinutes { get; init; } = DefaultDoorHoldMaxMinutes;

    public TimeSpan MotionHold => TimeSpan.FromSeconds(MotionHoldSeconds >= 0 ? MotionHoldSeconds : DefaultMotionHoldSeconds);

    public TimeSpan PresenceClearDebounce => TimeSpan.FromSeconds(
        PresenceClearDebounceSeconds >= 0 ? PresenceClearDebounceSeconds : DefaultPresenceClearDebounceSeconds);

    public TimeSpan DoorHoldMax => TimeSpan.FromMinutes(DoorHoldMaxMinutes > 0 ? DoorHoldMaxMinutes : DefaultDoorHoldMaxMinutes);
}
