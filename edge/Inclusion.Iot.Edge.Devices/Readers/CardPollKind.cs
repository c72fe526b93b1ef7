namespace Inclusion.Iot.Edge.Devices.Readers;

internal enum CardPollKind
{
    NoCard,
    Card,
    /// <summary>Something answered in the field but its UID could not be read (a garbled anticollision, a truncated target).</summary>
    Unreadable,
    /// <summary>The chip itself did not answer (bus error, version register 0x00/0xFF, failed self-test).</summary>
    NotAnswering,
}
