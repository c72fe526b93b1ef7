using System.Device.I2c;
using Inclusion.Iot.Edge.Devices.Ports;
using Inclusion.Iot.Edge.Devices.Readers;
using Microsoft.Extensions.Logging;
using Pn532Binding = Iot.Device.Pn532.Pn532;

namespace Inclusion.Iot.Edge.Devices.Pn532;

/// <summary>
/// The entry reader on an NXP PN532 over I2C or UART (HSU), through Iot.Device.Pn532, with the same rules as
/// <see cref="Mfrc522.Mfrc522BadgeReader"/>: each presentation reported once, junk rejected, one health event each
/// way when it stops and starts answering. See README.md for wiring.
/// </summary>
public sealed class Pn532BadgeReader : IBadgeReader, IHardwareInput
{
    /// <summary>The PN532's fixed I2C address.</summary>
    public const int I2cAddress = 0x24;

    private readonly PolledBadgeReader _reader;

    /// <param name="name">The device's name in the room file.</param>
    /// <param name="i2cDevice">The reader's I2C device (address 0x24); owned and disposed by the reader.</param>
    /// <param name="timeProvider">The clock of the polling; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="pollInterval">Between polls; 150 ms when null.</param>
    /// <param name="missedPollsToEnd">Polls in a row without the card that end its presentation.</param>
    /// <param name="logger">Where bus errors are logged.</param>
    public Pn532BadgeReader(
        string name,
        I2cDevice i2cDevice,
        TimeProvider? timeProvider = null,
        TimeSpan? pollInterval = null,
        int missedPollsToEnd = PolledBadgeReader.DefaultMissedPollsToEnd,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(i2cDevice);
        Name = name;
        var source = $"i2c{i2cDevice.ConnectionSettings.BusId}.0x{i2cDevice.ConnectionSettings.DeviceAddress:x2}";
        var chip = new Pn532Chip(source, () => new Pn532Binding(new BorrowedI2cDevice(i2cDevice)), i2cDevice);
        _reader = new PolledBadgeReader(name, chip, timeProvider, pollInterval, missedPollsToEnd, logger);
    }

    /// <param name="name">The device's name in the room file.</param>
    /// <param name="serialPortName">The UART, e.g. <c>/dev/serial0</c>; opened by the binding (115200 baud) on each initialisation.</param>
    /// <param name="timeProvider">The clock of the polling; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="pollInterval">Between polls; 150 ms when null.</param>
    /// <param name="missedPollsToEnd">Polls in a row without the card that end its presentation.</param>
    /// <param name="logger">Where bus errors are logged.</param>
    public Pn532BadgeReader(
        string name,
        string serialPortName,
        TimeProvider? timeProvider = null,
        TimeSpan? pollInterval = null,
        int missedPollsToEnd = PolledBadgeReader.DefaultMissedPollsToEnd,
        ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serialPortName);
        Name = name;
        var chip = new Pn532Chip(serialPortName, () => new Pn532Binding(serialPortName), ownedBus: null);
        _reader = new PolledBadgeReader(name, chip, timeProvider, pollInterval, missedPollsToEnd, logger);
    }

    /// <summary>The I2C settings of a PN532 on <paramref name="busId"/> (bus 1 on a Raspberry Pi's header).</summary>
    public static I2cConnectionSettings I2cSettings(int busId = 1) => new(busId, I2cAddress);

    public string Name { get; }

    /// <summary>For tests: after each poll, once the wait for the next has begun, with its length.</summary>
    internal event Action<TimeSpan>? Waiting
    {
        add => _reader.Waiting += value;
        remove => _reader.Waiting -= value;
    }

    public Task RunAsync(IDeviceInputSink sink, CancellationToken cancellationToken) => _reader.RunAsync(sink, cancellationToken);

    public ValueTask DisposeAsync() => _reader.DisposeAsync();
}
