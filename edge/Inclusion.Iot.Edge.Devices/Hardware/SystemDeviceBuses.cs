using System.Device.Gpio;
using System.Device.I2c;
using System.Device.Pwm;
using System.Device.Spi;

namespace Inclusion.Iot.Edge.Devices.Hardware;

/// <summary>The Pi's real buses: libgpiod GPIO, <c>/dev/spidevB.C</c>, <c>/dev/i2c-B</c>, <c>/sys/class/pwm</c>.</summary>
public sealed class SystemDeviceBuses : IDeviceBuses
{
    private readonly Lazy<GpioController> _gpio = new(() => new GpioController());

    public GpioController Gpio => _gpio.Value;

    public SpiDevice OpenSpi(SpiConnectionSettings settings) => SpiDevice.Create(settings);

    public I2cDevice OpenI2c(I2cConnectionSettings settings) => I2cDevice.Create(settings);

    public PwmChannel OpenPwm(int chip, int channel, int frequencyHz, double dutyCycle) => PwmChannel.Create(chip, channel, frequencyHz, dutyCycle);

    public void Dispose()
    {
        if (_gpio.IsValueCreated) _gpio.Value.Dispose();
    }
}
