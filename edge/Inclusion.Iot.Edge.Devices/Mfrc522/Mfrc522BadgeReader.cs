using System.Device.Gpio;
using System.Device.Spi;
using Inclusion.Iot.Edge.Devices.Ports;
using Inclusion.Iot.Edge.Devices.Readers;
using Microsoft.Extensions.Logging;

namespace Inclusion.Iot.Edge.Devices.Mfrc522;

/// <summary>
/// The entry reader on an NXP MFRC522 (the common RC522 board) over SPI, through Iot.Device.Mfrc522. Polls for an
/// ISO 14443 Type A card and reports each presentation once; a reader that stops answering is one
/// <see cref="Inputs.AvailabilityInput"/> offline, and one online when it answers again. See README.md for wiring.
/// </summary>
public sealed class Mfrc522BadgeReader : IBadgeReader, IHardwareInput
{
    private readonly PolledBadgeReader _reader;

    /// <param name="name">The device's name in the room file.</param>
    /// <param name="spiDevice">The reader's SPI device (mode 0, at most 10 MHz); owned and disposed by the reader.</param>
    /// <param name="resetPin">The GPIO wired to RST, or -1 for none.</param>
    /// <param name="gpioController">The board's controller for <paramref name="resetPin"/> (not disposed); null opens one when a reset pin is given.</param>
    /// <param name="timeProvider">The clock of the polling; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="pollInterval">Between polls; 150 ms when null.</param>
    /// <param name="missedPollsToEnd">Polls in a row without the card that end its presentation.</param>
    /// <param name="logger">Where bus errors are logged.</param>
    public Mfrc522BadgeReader(
        string name,
        SpiDevice spiDevice,
        int resetPin = -1,
        GpioController? gpioController = null,
        TimeProvider? timeProvider = null,
        TimeSpan? pollInterval = null,
        int missedPollsToEnd = PolledBadgeReader.DefaultMissedPollsToEnd,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(spiDevice);
        var ownsGpio = resetPin >= 0 && gpioController is null;
        var gpio = ownsGpio ? new GpioController() : gpioController;
        Name = name;
        _reader = new PolledBadgeReader(name, new Mfrc522Chip(spiDevice, resetPin, gpio, ownsGpio), timeProvider, pollInterval, missedPollsToEnd, logger);
    }

    /// <summary>The SPI settings the MFRC522 takes: mode 0 at 1 MHz (it accepts up to 10 MHz; long wires do not).</summary>
    public static SpiConnectionSettings SpiSettings(int busId, int chipSelectLine) =>
        new(busId, chipSelectLine) { Mode = SpiMode.Mode0, ClockFrequency = 1_000_000 };

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
