using Inclusion.Iot.Edge.Domain.Configuration;

namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>The session in progress: its kind, who is in it, its planned times and what the lights and timer show.</summary>
public sealed record RunningSession
{
    public required string SessionId { get; init; }
    public SessionKind Kind { get; init; } = SessionKind.Individual;
    /// <summary>True when the kind was chosen on the panel: an individual session badged in does not become a group.</summary>
    public bool KindChosen { get; init; }
    public IReadOnlyList<SessionPupil> Pupils { get; init; } = [];
    public IReadOnlyList<SessionEscort> Escorts { get; init; } = [];
    public required DateTimeOffset StartedAt { get; init; }
    /// <summary>The planned length, extensions included.</summary>
    public required int PlannedMinutes { get; init; }
    /// <summary>The rule that shortened the planned length (R-ADAPT: a pupil's adaptation cap), or null.</summary>
    public string? PlannedLimitedBy { get; init; }
    /// <summary>The scene the lights were last told to show, and the stage it belongs to.</summary>
    public required LightScene Scene { get; init; }
    public SceneStage Stage { get; init; } = SceneStage.Arrival;
    public TimerPhase Phase { get; init; } = TimerPhase.Running;

    public IReadOnlyList<string> PupilIds => [.. Pupils.Select(p => p.PupilId)];
    public IReadOnlyList<string> PupilDisplayNames => [.. Pupils.Select(p => p.DisplayName)];
    public IReadOnlyList<string> EscortStaffIds => [.. Escorts.Select(e => e.StaffId)];
    public IReadOnlyList<string> EscortDisplayNames => [.. Escorts.Select(e => e.DisplayName)];
    public IReadOnlyList<string> ProgrammeEntryIds => [.. Pupils.Select(p => p.ProgrammeEntryId).Where(id => id.Length > 0)];

    /// <summary>The most conservative of the pupils' adaptations (SensoryScenes), or the room's when nobody is in yet.</summary>
    public SensoryProfile Profile(ScenePolicy scenes) => SensoryScenes.Conservative(Pupils.Select(p => p.Profile), scenes);

    public DateTimeOffset PlannedEnd => StartedAt.AddMinutes(PlannedMinutes);

    public TimeSpan Remaining(DateTimeOffset now) => PlannedEnd - now;

    /// <summary>Whole seconds left, rounded up (negative once overrunning), as the timer and the panel show it.</summary>
    public int RemainingSeconds(DateTimeOffset now) => (int)Math.Ceiling(Remaining(now).TotalSeconds);
}
