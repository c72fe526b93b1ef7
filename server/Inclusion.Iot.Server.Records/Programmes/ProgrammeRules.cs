using Inclusion.Iot.Server.Data;

namespace Inclusion.Iot.Server.Records.Programmes;

/// <summary>
/// The bounds a programme is checked against, from the organisation's room policy (0 or empty there means the edge's
/// preset, the same here): R-WEEK's limit per support level and R-DUR's minutes per individual and group session.
/// </summary>
public static class ProgrammeRules
{
    public const int MinSupportLevel = 1;

    public const int MaxSupportLevel = 5;

    /// <summary>004 Annex 1: L1 none, L2 up to 2, L3 up to 4, L4 up to 6, L5 up to 8 (the edge's preset).</summary>
    public static readonly IReadOnlyList<int> PresetWeeklyLimitByLevel = [0, 2, 4, 6, 8];

    /// <summary>R-DUR presets (004 §14), as the edge's.</summary>
    public const int PresetIndividualMin = 20, PresetIndividualMax = 25, PresetGroupMin = 35, PresetGroupMax = 40;

    /// <summary>Unloading and open use follow no R-DUR bound; a service of them still lasts at most this.</summary>
    public const int MaxOtherMinutes = 120;

    public const int MaxDisplayName = 40, MaxFullName = 200, MaxTitle = 200, MaxAdaptations = 4000;

    /// <summary>R-WEEK: the support level's weekly limit of correctional sessions.</summary>
    public static int WeeklyLimit(RoomPolicy policy, int supportLevel)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var levels = policy.WeeklyLimitByLevel is { Count: 5 } own && own.All(n => n >= 0) ? own : PresetWeeklyLimitByLevel;
        return levels[Math.Clamp(supportLevel, MinSupportLevel, MaxSupportLevel) - 1];
    }

    /// <summary>R-DUR: the minutes a session of <paramref name="kind"/> may be planned for.</summary>
    public static (int Min, int Max) Minutes(RoomPolicy policy, SessionKind kind)
    {
        ArgumentNullException.ThrowIfNull(policy);
        static int Or(int value, int preset) => value > 0 ? value : preset;
        return kind switch
        {
            SessionKind.Individual => (Or(policy.IndividualMinMinutes, PresetIndividualMin), Or(policy.IndividualMaxMinutes, PresetIndividualMax)),
            SessionKind.Group => (Or(policy.GroupMinMinutes, PresetGroupMin), Or(policy.GroupMaxMinutes, PresetGroupMax)),
            _ => (1, MaxOtherMinutes),
        };
    }

    /// <summary>Sessions that count towards R-WEEK.</summary>
    public static bool IsCorrectional(SessionKind kind) => kind is SessionKind.Individual or SessionKind.Group;
}
