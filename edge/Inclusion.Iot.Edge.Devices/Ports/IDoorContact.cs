namespace Inclusion.Iot.Edge.Devices.Ports;

/// <summary>A door contact: reports <see cref="Inputs.DoorInput"/>.</summary>
public interface IDoorContact : IRoomDevice;
