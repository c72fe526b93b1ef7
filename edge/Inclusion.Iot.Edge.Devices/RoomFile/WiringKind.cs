namespace Inclusion.Iot.Edge.Devices.RoomFile;

internal enum WiringKind
{
    Number,
    Gpio,
    Flag,
    Text,
    Address,
}
