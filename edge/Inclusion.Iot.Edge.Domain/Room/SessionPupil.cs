using Inclusion.Iot.Edge.Domain.Configuration;

namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>A pupil in a session: pseudonymous id, panel name, the programme entry the session fulfils, their adaptations.</summary>
public sealed record SessionPupil(string PupilId, string DisplayName, string ProgrammeEntryId, SensoryProfile Profile)
{
    /// <summary>R-ADAPT: the most minutes this visit may last (null: no adaptation period), and the period's week.</summary>
    public int? CapMinutes { get; init; }
    public int AdaptationWeek { get; init; }

    /// <summary>R-WEEK, for the panel's "3 of 4 this week": this session's place in the pupil's week, and the limit (null: none).</summary>
    public int WeekCount { get; init; }
    public int? WeekLimit { get; init; }
}
