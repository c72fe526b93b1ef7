using Inclusion.Iot.Server.Data;

namespace Inclusion.Iot.Server.Records.Configuration;

/// <summary>
/// The organisation's room policy as edges receive it (the contract's <c>RoomPolicy</c>, fields 1–23), every value
/// within its range: <see cref="RoomPolicyValidator"/> replaces one that is not with 0 (an empty list for the weekly
/// limits), which the edge reads as its shipped preset.
/// </summary>
public sealed record ValidRoomPolicy
{
    public int EscortWindowSeconds { get; init; }

    public int IndividualMinMinutes { get; init; }

    public int IndividualMaxMinutes { get; init; }

    public int GroupMinMinutes { get; init; }

    public int GroupMaxMinutes { get; init; }

    public int OverrunLimitMinutes { get; init; }

    public int IndividualDefaultMinutes { get; init; }

    public int GroupDefaultMinutes { get; init; }

    public int UnloadingDefaultMinutes { get; init; }

    public int OpenUseDefaultMinutes { get; init; }

    public int ExtendStepMinutes { get; init; }

    public int FirstWarningSeconds { get; init; }

    public int FinalWarningSeconds { get; init; }

    public int IdleBrightnessPercent { get; init; }

    public int IdleColourTemperatureKelvin { get; init; }

    public int ArrivalSeconds { get; init; }

    public int GroupMaxPupils { get; init; }

    public int UnescortedGraceSeconds { get; init; }

    public int UnlockSeconds { get; init; }

    /// <summary>R-WEEK: five limits (support levels 1..5), or none for the edge's preset.</summary>
    public IReadOnlyList<int> WeeklyLimitByLevel { get; init; } = [];

    public RuleEnforcement WeeklyLimitEnforcement { get; init; }

    public int ScheduleToleranceMinutes { get; init; }

    public int OfflineEscortDays { get; init; }
}
