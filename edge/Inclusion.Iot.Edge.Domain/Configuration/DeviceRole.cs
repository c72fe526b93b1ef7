namespace Inclusion.Iot.Edge.Domain.Configuration;

/// <summary>What a device does in the room (the room file's <c>role</c>), whatever drives it.</summary>
public enum DeviceRole
{
    Lighting,
    Occupancy,
    DoorContact,
    EntryReader,
    Timer,
    Lock,
    FireAlarm,
    Buzzer,
}
