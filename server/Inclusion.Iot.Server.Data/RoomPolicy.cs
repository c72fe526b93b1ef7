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
    /// <summary>R-DUR: planned minutes of an individual session when the programme sets none; 0 leaves the edge's preset (the individual minimum).</summary>
    public int IndividualDefaultMinutes { get; set; }

    /// <summary>R-DUR: planned minutes of a group session when the programme sets none; 0 leaves the edge's preset (the group minimum).</summary>
    public int GroupDefaultMinutes { get; set; }

    /// <summary>R-DUR: planned minutes of an unloading session; 0 leaves the edge's preset (15).</summary>
    public int UnloadingDefaultMinutes { get; set; }

    /// <summary>R-DUR: planned minutes of open use (R-OPEN); 0 leaves the edge's preset (30).</summary>
    public int OpenUseDefaultMinutes { get; set; }

    /// <summary>R-DUR: the minutes the panel's "extend" adds; 0 leaves the edge's preset (5).</summary>
    public int ExtendStepMinutes { get; set; }

    /// <summary>Timer (no rule id; the visual timer): seconds before the planned end the visual timer gives its first warning; 0 leaves the edge's preset (300).</summary>
    public int FirstWarningSeconds { get; set; }

    /// <summary>Timer (no rule id; the visual timer): seconds before the planned end the visual timer gives its final warning; 0 leaves the edge's preset (60).</summary>
    public int FinalWarningSeconds { get; set; }

    /// <summary>Scenes (no rule id): the idle scene's brightness, percent (0..100); 0 leaves the edge's preset (47).</summary>
    public int IdleBrightnessPercent { get; set; }

    /// <summary>Scenes (no rule id): the idle scene's colour temperature, kelvin (1000..10000); 0 leaves the edge's preset (2700).</summary>
    public int IdleColourTemperatureKelvin { get; set; }

    /// <summary>Scenes (no rule id): seconds the arrival scene holds; 0 leaves the edge's preset (30).</summary>
    public int ArrivalSeconds { get; set; }

    /// <summary>R-GROUP: the most pupils a group session takes (at most 50); 0 leaves the edge's preset (8).</summary>
    public int GroupMaxPupils { get; set; }

    /// <summary>R-ESCORT (alarm): seconds the room may be occupied with no escort before it alarms; 0 leaves the edge's preset (20).</summary>
    public int UnescortedGraceSeconds { get; set; }

    /// <summary>Lock (fail-safe): seconds the door's lock stays released after an accepted badge; 0 leaves the edge's preset (5).</summary>
    public int UnlockSeconds { get; set; }

    /// <summary>
    /// R-WEEK: the weekly limit of correctional sessions for support levels 1..5, exactly five numbers; empty leaves the
    /// edge's presets (004 Annex 1: 0, 2, 4, 6, 8). Stored as one comma-separated text column.
    /// </summary>
    public List<int> WeeklyLimitByLevel { get; set; } = [];
}
