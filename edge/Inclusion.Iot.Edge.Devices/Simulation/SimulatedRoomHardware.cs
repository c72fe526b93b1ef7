using System.Device.Gpio;
using Inclusion.Iot.Edge.Devices.RoomFile;
using Inclusion.Iot.Edge.Domain.Configuration;

namespace Inclusion.Iot.Edge.Devices.Simulation;

/// <summary>
/// A simulated twin for every device of a room file that is wired to the Pi, on the bus and address the file gives:
/// the edge runs a GPIO room on any machine (<c>Edge:Hardware=simulated</c>), and tests drive and read the twins
/// exactly as the hardware would be driven and read (pins, SPI frames, I2C registers).
/// </summary>
public sealed class SimulatedRoomHardware
{
    private readonly Dictionary<string, object> _twins = new(StringComparer.Ordinal);

    public SimulatedRoomHardware(RoomDefinition room, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(room);
        var displays = new List<SimulatedTm1637>();
        Buses = new SimulatedDeviceBuses(new SimulatedGpioDriver(readHook: pin => displays.Select(d => d.AnswerRead(pin)).FirstOrDefault(v => v is not null)));
        var boards = new Dictionary<(int, int), SimulatedPca9685>();
        foreach (var device in room.Devices.Where(d => !d.OnMqtt))
        {
            var w = device.Wiring!;
            switch (device.Driver)
            {
                case DeviceDriver.Mfrc522:
                    var reader = new SimulatedMfrc522();
                    Buses.AttachSpi(w.SpiBus!.Value, w.ChipSelect!.Value, _ => reader);
                    _twins[device.Name] = reader;
                    break;
                case DeviceDriver.Pn532 when w.I2cBus is { } bus:
                    var pn532 = new SimulatedPn532();
                    Buses.AttachI2c(bus, w.I2cAddress!.Value, _ => pn532);
                    _twins[device.Name] = pn532;
                    break;
                case DeviceDriver.Ws2812b:
                    var ring = new SimulatedWs2812b(w.LedCount!.Value);
                    Buses.AttachSpi(w.SpiBus!.Value, w.ChipSelect!.Value, _ => ring);
                    _twins[device.Name] = ring;
                    break;
                case DeviceDriver.Pca9685:
                    var key = (w.I2cBus!.Value, w.I2cAddress!.Value);
                    if (!boards.TryGetValue(key, out var board))
                    {
                        boards[key] = board = new SimulatedPca9685(clock: time);
                        Buses.AttachI2c(key.Item1, key.Item2, _ => board);
                    }

                    _twins[device.Name] = board;
                    break;
                case DeviceDriver.Pwm:
                    var channel = new SimulatedPwmChannel(clock: time);
                    Buses.AttachPwm(w.PwmChip!.Value, w.PwmChannel!.Value, (frequency, duty) =>
                    {
                        channel.Frequency = frequency;
                        channel.DutyCycle = duty;
                        return channel;
                    });
                    _twins[device.Name] = channel;
                    break;
                case DeviceDriver.Tm1637:
                    var display = new SimulatedTm1637(w.ClockPin!.Value, w.DataPin!.Value);
                    display.ConnectTo(Buses.GpioDriver);
                    displays.Add(display);
                    _twins[device.Name] = display;
                    break;
                case DeviceDriver.Gpio when device.Role is DeviceRole.DoorContact or DeviceRole.FireAlarm:
                    // A closed door and a quiet (closed) alarm loop pull their inputs low.
                    Buses.GpioDriver.Drive(w.Pin!.Value, PinValue.Low);
                    break;
            }
        }
    }

    /// <summary>The buses the drivers open; <see cref="SimulatedDeviceBuses.GpioDriver"/> drives and reads the pins.</summary>
    public SimulatedDeviceBuses Buses { get; }

    /// <summary>The twin of a wired device by its name in the room file (e.g. a <see cref="SimulatedMfrc522"/>).</summary>
    public T Twin<T>(string device)
        where T : class => _twins.TryGetValue(device, out var twin) && twin is T typed
            ? typed
            : throw new ArgumentException($"No simulated {typeof(T).Name} for '{device}'.", nameof(device));
}
