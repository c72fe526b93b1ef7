namespace Inclusion.Iot.Server.Data;

public enum DeviceRole
{
    Lighting = 1,
    Occupancy = 2,
    DoorContact = 3,
    EntryReader = 4,
    Timer = 5,
    Lock = 6,
    FireAlarm = 7,
}
