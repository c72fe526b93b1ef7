using System.Device.I2c;
using Inclusion.Iot.Edge.Devices.Gpio;
using Inclusion.Iot.Edge.Devices.Ports;
using Inclusion.Iot.Edge.Devices.RoomFile;
using Inclusion.Iot.Edge.Domain.Configuration;
using Microsoft.Extensions.Logging;

namespace Inclusion.Iot.Edge.Devices.Hardware;

/// <summary>Opens the driver of a device wired to the Pi, on its bus, per its room-file wiring (validated by <see cref="RoomFileLoader"/>).</summary>
public static class WiredDevices
{
    public static IRoomDevice Open(RoomDevice device, IDeviceBuses buses, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(buses);
        ArgumentNullException.ThrowIfNull(loggers);
        var w = device.Wiring ?? throw new ArgumentException($"Device '{device.Name}' has no wiring.", nameof(device));
        TimeSpan? debounce = w.DebounceMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null;
        return (device.Driver, device.Role) switch
        {
            (DeviceDriver.Gpio, DeviceRole.Occupancy) => new GpioMotionSensor(device.Name, w.Pin!.Value, buses.Gpio, time, w.ActiveLow, debounce),
            (DeviceDriver.Gpio, DeviceRole.DoorContact) => new GpioDoorContact(device.Name, w.Pin!.Value, buses.Gpio, time, w.ActiveLow, debounce),
            (DeviceDriver.Gpio, DeviceRole.FireAlarm) => new GpioFireAlarmInput(device.Name, w.Pin!.Value, buses.Gpio, time, w.ActiveLow, debounce),
            (DeviceDriver.Gpio, DeviceRole.Lock) => new GpioLockRelay(device.Name, w.Pin!.Value, buses.Gpio, w.ActiveLow),
            (DeviceDriver.Gpio, DeviceRole.Buzzer) => new GpioBuzzer(device.Name, w.Pin!.Value, buses.Gpio, time, w.ActiveLow),
            (DeviceDriver.Mfrc522, DeviceRole.EntryReader) => new Mfrc522.Mfrc522BadgeReader(
                device.Name,
                buses.OpenSpi(Mfrc522.Mfrc522BadgeReader.SpiSettings(w.SpiBus!.Value, w.ChipSelect!.Value)),
                w.ResetPin ?? -1,
                w.ResetPin is null ? null : buses.Gpio,
                time,
                Poll(w),
                logger: loggers.CreateLogger<Mfrc522.Mfrc522BadgeReader>()),
            (DeviceDriver.Pn532, DeviceRole.EntryReader) when w.SerialPort is { } port =>
                new Pn532.Pn532BadgeReader(device.Name, port, time, Poll(w), logger: loggers.CreateLogger<Pn532.Pn532BadgeReader>()),
            (DeviceDriver.Pn532, DeviceRole.EntryReader) => new Pn532.Pn532BadgeReader(
                device.Name,
                buses.OpenI2c(new I2cConnectionSettings(w.I2cBus!.Value, w.I2cAddress!.Value)),
                time,
                Poll(w),
                logger: loggers.CreateLogger<Pn532.Pn532BadgeReader>()),
            (DeviceDriver.Tm1637, DeviceRole.Timer) => new Tm1637.Tm1637TimerDigits(device.Name, w.ClockPin!.Value, w.DataPin!.Value, buses.Gpio),
            (DeviceDriver.Ws2812b, DeviceRole.Timer) => new Ws2812b.Ws2812bTimerRing(device.Name, buses.OpenSpi(Ws2812b.Ws2812bSpi.Settings(w.SpiBus!.Value, w.ChipSelect!.Value)), w.LedCount!.Value),
            (DeviceDriver.Pca9685, DeviceRole.Lighting) => new Pca9685.Pca9685LightingZone(
                device.Name,
                buses.OpenI2c(new I2cConnectionSettings(w.I2cBus!.Value, w.I2cAddress!.Value)),
                w.Channel!.Value,
                w.CoolChannel ?? -1,
                timeProvider: time,
                logger: loggers.CreateLogger<Pca9685.Pca9685LightingZone>()),
            // Opened dark at a flicker-free 1 kHz; the room's scene is asserted as soon as the room starts.
            (DeviceDriver.Pwm, DeviceRole.Lighting) => new Pwm.PwmLightingZone(
                device.Name,
                buses.OpenPwm(w.PwmChip!.Value, w.PwmChannel!.Value, 1_000, 0),
                timeProvider: time,
                logger: loggers.CreateLogger<Pwm.PwmLightingZone>()),
            _ => throw new NotSupportedException($"No driver for {device.Driver} {device.Role}."),
        };
    }

    private static TimeSpan? Poll(DeviceWiring wiring) => wiring.PollMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null;
}
