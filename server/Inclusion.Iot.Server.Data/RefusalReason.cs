namespace Inclusion.Iot.Server.Data;

/// <summary>Why the edge refused a badge or a panel action (the contract's reason codes), stored by name.</summary>
public enum RefusalReason
{
    Unspecified = 0,
    UnknownBadge = 1,
    EscortRequired = 2,
    NotPermitted = 3,
    RoomBusy = 4,
    NoConfiguration = 5,
    NoSession = 6,
    GroupFull = 7,
    RoomFull = 8,
    DurationLimit = 9,
    FireAlarmActive = 10,
    NothingToReset = 11,
    WeeklyLimit = 12,
    NothingToOverride = 13,
    ReasonRequired = 14,
    OutsideSchedule = 15,
    AdaptationCap = 16,
    ConfigurationStale = 17,
    UnknownPupil = 18,
    AlreadyInSession = 19,
}
