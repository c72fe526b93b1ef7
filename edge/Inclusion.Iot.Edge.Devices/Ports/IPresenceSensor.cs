using Inclusion.Iot.Edge.Devices.Inputs;

namespace Inclusion.Iot.Edge.Devices.Ports;

/// <summary>A presence or occupancy sensor: reports <see cref="OccupancyInput"/>.</summary>
public interface IPresenceSensor : IRoomDevice
{
    /// <summary>How it senses (PIR motion with a no-motion timeout, or mmWave presence that flaps).</summary>
    OccupancySensing Sensing { get; }
}
