namespace Inclusion.Iot.Edge.Domain.Configuration;

/// <summary>
/// R-WEEK: correctional sessions (individual and group) per pupil per ISO week by support level: L1 none (the class
/// timetable only), L2 up to 2, L3 up to 4, L4 up to 6, L5 up to 8 (004 Annex 1), or the programme's lower number.
/// </summary>
public sealed record WeeklyPolicy
{
    public static readonly IReadOnlyList<int> PresetLimitsByLevel = [0, 2, 4, 6, 8];

    /// <summary>The limit for levels 1..5, in order; an empty list means the presets.</summary>
    public IReadOnlyList<int> LimitsByLevel { get; init; } = PresetLimitsByLevel;

    /// <summary>Per organisation: a pupil past the limit is refused (overridable) or admitted with a warning.</summary>
    public RuleEnforcement Enforcement { get; init; } = RuleEnforcement.Refuse;

    /// <summary>The week's limit for a level and a programme's own number (0: none); null when the level is unknown.</summary>
    public int? LimitFor(int supportLevel, int programmeLimit)
    {
        var limits = LimitsByLevel.Count == 5 ? LimitsByLevel : PresetLimitsByLevel;
        if (supportLevel is < 1 or > 5) return programmeLimit > 0 ? programmeLimit : null;
        var level = limits[supportLevel - 1];
        return programmeLimit > 0 ? Math.Min(level, programmeLimit) : level;
    }
}
