namespace Inclusion.Iot.Edge.Worker.RoomFile;

public enum DeviceRoleName
{
    Lighting,
    Occupancy,
    DoorContact,
    EntryReader,
    Timer,
}
