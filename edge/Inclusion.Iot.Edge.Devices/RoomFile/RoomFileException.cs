namespace Inclusion.Iot.Edge.Devices.RoomFile;

/// <summary>The room file cannot be used; the message names the file and the key.</summary>
public sealed class RoomFileException : Exception
{
    public RoomFileException()
    {
    }

    public RoomFileException(string message) : base(message)
    {
    }

    public RoomFileException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
