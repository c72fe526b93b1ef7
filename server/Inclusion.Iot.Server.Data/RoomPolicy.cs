namespace Inclusion.Iot.Server.Data;

/// <summary>The organisation's policy preset for its rooms (domain.md: rules are settings, not constants).</summary>
public sealed class RoomPolicy
{
    /// <summary>R-ESCORT: how long after an escort's badge a pupil's badge is admitted.</summary>
    public int EscortWindowSeconds { get; set; } = 5;

    /// <summary>R-DUR: individual sessions.</summary>
    public int IndividualMinMinutes { get; set; } = 20;

    public int IndividualMaxMinutes { get; set; } = 25;

    /// <summary>R-DUR: group sessions.</summary>
    public int GroupMinMinutes { get; set; } = 35;

    public int GroupMaxMinutes { get; set; } = 40;

    public int OverrunLimitMinutes { get; set; } = 10;

    /// <summary>R-WEEK: refuse (preset) or admit with a warning when a pupil is past the week's limit.</summary>
    public RuleEnforcement WeeklyLimitEnforcement { get; set; } = RuleEnforcement.Refuse;

    /// <summary>R-SCHED: minutes before a slot's start a correctional session may begin; 0 leaves the edge's preset.</summary>
    public int ScheduleToleranceMinutes { get; set; }

    /// <summary>Offline: days the edge honours cached escort permissions without reaching the server; 0 leaves the edge's preset.</summary>
    public int OfflineEscortDays { get; set; }
}
