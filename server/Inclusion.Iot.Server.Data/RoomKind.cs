namespace Inclusion.Iot.Server.Data;

public enum RoomKind
{
    Sensory = 1,
    Resource = 2,
    Relaxation = 3,
    ResourceClass = 4,
    MediaLibrary = 5,
    AdaptivePe = 6,
}
