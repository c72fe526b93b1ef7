using System.Device.Gpio;
using System.Device.I2c;
using System.Device.Pwm;
using System.Device.Spi;

namespace Inclusion.Iot.Edge.Devices.Hardware;

/// <summary>
/// The Pi's buses as drivers open them: the real ones (<see cref="SystemDeviceBuses"/>) or their simulated twins
/// (<see cref="Simulation.SimulatedDeviceBuses"/>). Drivers take the bus, not settings, the way dotnet/iot bindings do.
/// </summary>
public interface IDeviceBuses : IDisposable
{
    /// <summary>The one GPIO controller of the board, shared by every GPIO driver (pins are not shared: the room file checks).</summary>
    GpioController Gpio { get; }

    SpiDevice OpenSpi(SpiConnectionSettings settings);

    I2cDevice OpenI2c(I2cConnectionSettings settings);

    PwmChannel OpenPwm(int chip, int channel, int frequencyHz, double dutyCycle);
}
