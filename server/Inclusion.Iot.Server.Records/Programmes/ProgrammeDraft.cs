using Inclusion.Iot.Server.Data;

namespace Inclusion.Iot.Server.Records.Programmes;

/// <summary>
/// A pupil's record and programme as the create and edit forms post them (D-IPR): what the room needs (support level,
/// weekly limit, escort needs, sensory profile, adaptation period) and what the programme plans (period, review, services
/// and their timetable, adaptations). <see cref="ProgrammeRecords"/> validates it; nothing here is trusted.
/// </summary>
public sealed class ProgrammeDraft
{
    /// <summary>A first name, nickname or pictogram label: the only name the wall panel shows.</summary>
    public string? DisplayName { get; set; }

    /// <summary>Server side only, never sent to an edge or written to a log.</summary>
    public string? FullName { get; set; }

    /// <summary>The badge's UID, hashed with the organisation's salt and then forgotten: required for a new pupil; empty keeps the badge on edit.</summary>
    public string? BadgeUid { get; set; }

    public int SupportLevel { get; set; } = 2;

    /// <summary>R-WEEK: the programme's weekly limit of correctional sessions, at most the support level's.</summary>
    public int WeeklySessionLimit { get; set; } = 2;

    /// <summary>R-DUR: the planned length of an individual session.</summary>
    public int IndividualSessionMinutes { get; set; } = 20;

    /// <summary>R-ESCORT: only the named tutor may escort the pupil.</summary>
    public bool RequiresPersonalTutor { get; set; }

    public string? TutorStaffId { get; set; }

    /// <summary>D-IPR (004 §17): the pupil needs a pupil's assistant, and who it is.</summary>
    public bool RequiresAssistant { get; set; }

    public string? AssistantStaffId { get; set; }

    public int Brightness { get; set; } = 150;

    public int ColorTempMireds { get; set; } = 350;

    public int MinTransitionSeconds { get; set; } = 4;

    public TimerStyle TimerStyle { get; set; } = TimerStyle.Ring;

    public bool Chime { get; set; } = true;

    public int NoiseCueLevel { get; set; } = 1;

    public DateOnly? PeriodStart { get; set; }

    public DateOnly? PeriodEnd { get; set; }

    /// <summary>Empty: six months after the last review (or the period's start), never after the period's end.</summary>
    public DateOnly? NextReviewOn { get; set; }

    /// <summary>Environment adaptations in the programme's words (seclusion, visual schedule, breaks, rewards…).</summary>
    public string? Adaptations { get; set; }

    /// <summary>R-ADAPT: the adaptation period's first day; empty: none.</summary>
    public DateOnly? AdaptationStartsOn { get; set; }

    /// <summary>R-ADAPT: the cap per visit in minutes for week 1, 2, …, comma-separated, e.g. <c>10, 15, 20</c>.</summary>
    public string? AdaptationMinutesByWeek { get; set; }

    /// <summary>The programme's version the form was read at (optimistic concurrency); ignored on create.</summary>
    public int Version { get; set; }

    public List<ServiceDraft> Services { get; set; } = [];
}
