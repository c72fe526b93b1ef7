namespace Inclusion.Iot.Edge.Domain.Health;

/// <summary>What a device does in the room (the room file's <c>role</c>); health judges each role by its own rule.</summary>
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
