namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>The session in progress: what the panel, the timer and a restart need.</summary>
public sealed record RunningSession
{
    public required string SessionId { get; init; }
    public required IReadOnlyList<string> PupilIds { get; init; }
    public required IReadOnlyList<string> PupilDisplayNames { get; init; }
    public required IReadOnlyList<string> EscortStaffIds { get; init; }
    public required IReadOnlyList<string> EscortDisplayNames { get; init; }
    public required IReadOnlyList<string> ProgrammeEntryIds { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required int PlannedMinutes { get; init; }
    public required LightScene Scene { get; init; }
    public required string TimerStyle { get; init; }
    public bool Chime { get; init; }
    public TimerPhase Phase { get; init; } = TimerPhase.Running;

    public DateTimeOffset PlannedEnd => StartedAt.AddMinutes(PlannedMinutes);

    public TimeSpan Remaining(DateTimeOffset now) => PlannedEnd - now;

    /// <summary>Whole seconds left, rounded up (negative once overrunning), as the timer and the panel show it.</summary>
    public int RemainingSeconds(DateTimeOffset now) => (int)Math.Ceiling(Remaining(now).TotalSeconds);
}
