namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>The kinds of session a room runs (domain.md: individual, group, unloading R-UNLOAD, open use R-OPEN).</summary>
public enum SessionKind
{
    Individual,
    Group,
    Unloading,
    OpenUse,
}

public static class SessionKindExtensions
{
    /// <summary>Correctional sessions (individual, group) follow the schedule and count towards the week (R-SCHED, R-WEEK); unloading and open use do not.</summary>
    public static bool IsCorrectional(this SessionKind kind) => kind is SessionKind.Individual or SessionKind.Group;
}
