namespace Inclusion.Iot.Edge.Devices.Ports;

/// <summary>The fire-alarm input (a dry contact from the building's panel, or a smoke detector): reports <see cref="Inputs.FireAlarmInput"/>.</summary>
public interface IFireAlarmInput : IRoomDevice;
