namespace Inclusion.Iot.Server.Data;

public enum SessionEndReason
{
    Unspecified = 0,
    EndedOnPanel = 1,
    EscortBadgedOut = 2,
    OverrunLimit = 3,
    /// <summary>Stopped early on the panel: not a delivered session.</summary>
    AbortedOnPanel = 4,
    AllPupilsLeft = 5,
}
