namespace Inclusion.Iot.Edge.Worker.Room;

/// <summary>
/// The outbox could not record a decision (disk full, database damaged): the decision was not carried out.
/// The panel shows it; a badge read is simply not acted on and can be tapped again.
/// </summary>
public sealed class RoomRecordException : Exception
{
    public RoomRecordException()
    {
    }

    public RoomRecordException(string message)
        : base(message)
    {
    }

    public RoomRecordException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RoomRecordException(Exception innerException)
        : base("The room's outbox could not record the event.", innerException)
    {
    }
}
