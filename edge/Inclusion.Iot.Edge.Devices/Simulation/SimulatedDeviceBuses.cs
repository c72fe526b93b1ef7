using System.Device.Gpio;
using System.Device.I2c;
using System.Device.Pwm;
using System.Device.Spi;
using Inclusion.Iot.Edge.Devices.Hardware;

namespace Inclusion.Iot.Edge.Devices.Simulation;

/// <summary>
/// The buses' simulated twins: GPIO over <see cref="SimulatedGpioDriver"/>, and SPI, I2C and PWM devices that a test
/// (or the edge's simulated hardware mode) attaches by address before the drivers open them.
/// </summary>
public sealed class SimulatedDeviceBuses : IDeviceBuses
{
    private readonly Dictionary<(int Bus, int ChipSelect), Func<SpiConnectionSettings, SpiDevice>> _spi = [];
    private readonly Dictionary<(int Bus, int Address), Func<I2cConnectionSettings, I2cDevice>> _i2c = [];
    private readonly Dictionary<(int Chip, int Channel), Func<int, double, PwmChannel>> _pwm = [];

    public SimulatedDeviceBuses(SimulatedGpioDriver? driver = null)
    {
        GpioDriver = driver ?? new SimulatedGpioDriver();
        Gpio = new GpioController(GpioDriver);
    }

    public SimulatedGpioDriver GpioDriver { get; }

    public GpioController Gpio { get; }

    public void AttachSpi(int bus, int chipSelect, Func<SpiConnectionSettings, SpiDevice> device) => _spi[(bus, chipSelect)] = device;

    public void AttachI2c(int bus, int address, Func<I2cConnectionSettings, I2cDevice> device) => _i2c[(bus, address)] = device;

    public void AttachPwm(int chip, int channel, Func<int, double, PwmChannel> device) => _pwm[(chip, channel)] = device;

    public SpiDevice OpenSpi(SpiConnectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return _spi.TryGetValue((settings.BusId, settings.ChipSelectLine), out var open)
            ? open(settings)
            : throw new IOException($"No simulated SPI device on bus {settings.BusId}, chip select {settings.ChipSelectLine}.");
    }

    public I2cDevice OpenI2c(I2cConnectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return _i2c.TryGetValue((settings.BusId, settings.DeviceAddress), out var open)
            ? open(settings)
            : throw new IOException($"No simulated I2C device on bus {settings.BusId} at 0x{settings.DeviceAddress:X2}.");
    }

    public PwmChannel OpenPwm(int chip, int channel, int frequencyHz, double dutyCycle) =>
        _pwm.TryGetValue((chip, channel), out var open)
            ? open(frequencyHz, dutyCycle)
            : throw new IOException($"No simulated PWM channel {channel} on chip {chip}.");

    public void Dispose() => Gpio.Dispose();
}
