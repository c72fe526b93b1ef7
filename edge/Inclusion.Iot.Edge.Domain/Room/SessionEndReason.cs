namespace Inclusion.Iot.Edge.Domain.Room;

public enum SessionEndReason
{
    EndedOnPanel,
    EscortBadgedOut,
    OverrunLimit,
    /// <summary>Stopped early on the panel (the pupil was unwell, the room was needed): not a delivered session.</summary>
    AbortedOnPanel,
    /// <summary>The last pupil badged out.</summary>
    AllPupilsLeft,
}
