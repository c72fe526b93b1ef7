namespace Inclusion.Iot.Server.Records.Retention;

/// <summary>
/// D-IPR: a programme is kept for three years after its period ends. It is kept through the day three years after its
/// last day (<see cref="DateOnly.AddYears"/>: a period ending on 29 February 2024 is kept through 28 February 2027) and
/// purged from the next day on, counted in the organisation's zone. A pupil's identifying record goes with their last
/// programme: when every programme the pupil has is past retention. A pupil without any programme (one whose IPR is
/// still being drawn up) is not touched.
/// </summary>
public static class RetentionRule
{
    public const int YearsKept = 3;

    public static DateOnly KeptThrough(DateOnly periodEnd) => periodEnd.AddYears(YearsKept);

    public static bool Expired(DateOnly periodEnd, DateOnly today) => today > KeptThrough(periodEnd);

    /// <summary>The programmes past retention on <paramref name="today"/>, and the pupils left with no programme within it.</summary>
    public static RetentionSelection Select(IEnumerable<RetainedProgramme> programmes, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(programmes);
        var byPupil = programmes.GroupBy(p => p.PupilId, StringComparer.Ordinal).ToList();
        var expired = byPupil.SelectMany(g => g).Where(p => Expired(p.PeriodEnd, today)).Select(p => p.ProgrammeId)
            .Order(StringComparer.Ordinal).ToList();
        var pupils = byPupil.Where(g => g.All(p => Expired(p.PeriodEnd, today))).Select(g => g.Key)
            .Order(StringComparer.Ordinal).ToList();
        return new RetentionSelection(expired, pupils);
    }
}

/// <summary>What the rule needs of a programme.</summary>
public sealed record RetainedProgramme(string ProgrammeId, string PupilId, DateOnly PeriodEnd);

/// <summary>What to purge.</summary>
public sealed record RetentionSelection(IReadOnlyList<string> ProgrammeIds, IReadOnlyList<string> PupilIds)
{
    public bool IsEmpty => ProgrammeIds.Count == 0 && PupilIds.Count == 0;
}
