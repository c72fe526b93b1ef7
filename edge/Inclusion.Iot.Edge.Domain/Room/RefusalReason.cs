namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>Why a badge or a panel action was refused; the panel shows it in the user's language and the server records badge refusals.</summary>
public enum RefusalReason
{
    UnknownBadge,
    EscortRequired,
    NotPermitted,
    RoomBusy,
    NoConfiguration,
    /// <summary>A panel action that needs a running session, with none running.</summary>
    NoSession,
    /// <summary>R-GROUP: the group has its most pupils.</summary>
    GroupFull,
    /// <summary>R-CAP: the room holds its most pupils.</summary>
    RoomFull,
    /// <summary>R-DUR: the session would run past its kind's longest length.</summary>
    DurationLimit,
    /// <summary>R-WEEK: the pupil has had this week's correctional sessions.</summary>
    WeeklyLimit,
    /// <summary>R-SCHED: no approved slot of this room and pupil now.</summary>
    OutsideSchedule,
    /// <summary>R-ADAPT: an extension past a pupil's adaptation cap per visit.</summary>
    AdaptationCap,
    /// <summary>Offline: the cached configuration is older than the policy honours escort permissions for.</summary>
    ConfigurationStale,
    /// <summary>A panel action named a pupil the configuration does not know.</summary>
    UnknownPupil,
    /// <summary>A panel action added a pupil who is already in the session.</summary>
    AlreadyInSession,
    /// <summary>No refusal is waiting for an override (or its time is up).</summary>
    NothingToOverride,
    /// <summary>An override needs a typed reason.</summary>
    ReasonRequired,
    /// <summary>The fire alarm is still active: its latch cannot be reset yet.</summary>
    FireAlarmActive,
    /// <summary>There is no fire-alarm latch to reset.</summary>
    NothingToReset,
}
