using System.Device.Gpio;
using Inclusion.Iot.Edge.Devices.Ports;
using Inclusion.Iot.Edge.Domain.Room;
using Iot.Device.Tm16xx;
using Tm1637Chip = Iot.Device.Tm16xx.Tm1637;

namespace Inclusion.Iot.Edge.Devices.Tm1637;

/// <summary>
/// A 4-digit TM1637 module as the room's visual timer, through the dotnet/iot <see cref="Tm1637Chip"/>
/// binding. A countdown shows the remaining time as mm:ss with the colon on, steady (never blinking); an overrun shows
/// a steady 00:00 rather than a growing negative number (calm, and the room's phase already says time is up); more
/// than 99:59 shows 99:59. Off blanks the digits and turns the screen off. Dim by default: a sensory room.
/// A chip that does not acknowledge makes <see cref="ShowAsync"/> throw <see cref="IOException"/>.
/// </summary>
public sealed class Tm1637TimerDigits : ITimerDisplay, IAsyncDisposable
{
    /// <summary>The TM1637's brightness runs 0..7; the room wants it low.</summary>
    public const byte DefaultBrightness = 1;

    private const int MostSeconds = (99 * 60) + 59;
    private const byte Colon = (byte)Character.Dot; // on 4-digit clock modules the second digit's dot is the colon

    private static readonly byte[] DigitSegments =
    [
        (byte)Character.Digit0, (byte)Character.Digit1, (byte)Character.Digit2, (byte)Character.Digit3, (byte)Character.Digit4,
        (byte)Character.Digit5, (byte)Character.Digit6, (byte)Character.Digit7, (byte)Character.Digit8, (byte)Character.Digit9,
    ];

    private readonly object _sync = new();
    private readonly GpioController _gpio;
    private readonly int _clockPin;
    private readonly int _dataPin;
    private readonly byte _brightness;
    private readonly Tm1637Chip _chip;
    private readonly byte[] _frame = new byte[4];
    private bool _disposed;

    /// <param name="name">The device's name in the room file.</param>
    /// <param name="clockPin">The BCM GPIO number wired to CLK.</param>
    /// <param name="dataPin">The BCM GPIO number wired to DIO.</param>
    /// <param name="gpioController">The board's shared controller; not disposed with this display.</param>
    /// <param name="brightness">0 (dimmest) .. 7.</param>
    public Tm1637TimerDigits(string name, int clockPin, int dataPin, GpioController gpioController, byte brightness = DefaultBrightness)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegative(clockPin);
        ArgumentOutOfRangeException.ThrowIfNegative(dataPin);
        ArgumentNullException.ThrowIfNull(gpioController);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(brightness, (byte)7);
        if (clockPin == dataPin) throw new ArgumentException("CLK and DIO need a pin each.", nameof(dataPin));
        Name = name;
        _gpio = gpioController;
        _clockPin = clockPin;
        _dataPin = dataPin;
        _brightness = brightness;
        _chip = new Tm1637Chip(clockPin, dataPin, gpioController, shouldDispose: false) { ThrowWhenIoError = true };
    }

    public string Name { get; }

    public Task ShowAsync(TimerDisplay display, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(display);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (display is { Countdown: true, RemainingSeconds: { } remaining })
            {
                Face(remaining, _frame);
                // Screen state first: the binding's Display sends the last screen state with the digits.
                _chip.SetScreen(_brightness, screenOn: true);
                _chip.Display(_frame);
            }
            else
            {
                Blank();
            }
        }

        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        lock (_sync)
        {
            if (_disposed) return ValueTask.CompletedTask;
            _disposed = true;
            try
            {
                // A stale time must not stay on the wall after the edge stops.
                Blank();
            }
            catch (IOException)
            {
                // The chip is gone; there is nothing left to blank.
            }
            finally
            {
                _chip.Dispose();
                // The binding leaves a shared controller's pins open: they are ours to close.
                if (_gpio.IsPinOpen(_clockPin)) _gpio.ClosePin(_clockPin);
                if (_gpio.IsPinOpen(_dataPin)) _gpio.ClosePin(_dataPin);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The four digits' segments for <paramref name="remainingSeconds"/>: mm:ss, overrun 00:00, at most 99:59.</summary>
    internal static void Face(int remainingSeconds, Span<byte> segments)
    {
        var seconds = Math.Clamp(remainingSeconds, 0, MostSeconds);
        var minutes = seconds / 60;
        seconds %= 60;
        segments[0] = DigitSegments[minutes / 10];
        segments[1] = (byte)(DigitSegments[minutes % 10] | Colon);
        segments[2] = DigitSegments[seconds / 10];
        segments[3] = DigitSegments[seconds % 10];
    }

    private void Blank()
    {
        _chip.SetScreen(_brightness, screenOn: false);
        _chip.ClearDisplay();
    }
}
