namespace Inclusion.Iot.Server.Data;

public enum SessionEndReason
{
    Unspecified = 0,
    EndedOnPanel = 1,
    EscortBadgedOut = 2,
    OverrunLimit = 3,
}
