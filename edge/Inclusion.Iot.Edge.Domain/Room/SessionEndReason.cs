namespace Inclusion.Iot.Edge.Domain.Room;

public enum SessionEndReason
{
    EndedOnPanel,
    EscortBadgedOut,
    OverrunLimit,
}
