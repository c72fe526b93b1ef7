using System.Device.Spi;
using System.Drawing;
using Inclusion.Iot.Edge.Devices.Ports;
using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Devices.Ws2812b;

/// <summary>
/// A visual timer on a WS2812B LED ring (over <see cref="global::Iot.Device.Ws28xx.Ws2812b"/> on SPI MOSI). While the timer
/// runs, the share of LEDs lit is the share of time left (at least one while any time is left), in the phase's colour
/// from the <see cref="TimerRingPalette"/>; when time is up the whole ring glows dim, and fainter in overrun. Low
/// brightness throughout. One frame per <see cref="ShowAsync"/>: the ring never animates, blinks or flashes. Off and
/// disposal leave the ring dark.
/// </summary>
public sealed class Ws2812bTimerRing : ITimerDisplay, IAsyncDisposable
{
    public const double DefaultBrightness = 0.25;

    private readonly object _sync = new();
    private readonly SpiDevice _spi;
    private readonly global::Iot.Device.Ws28xx.Ws2812b _ring;
    private readonly double _brightness;
    private readonly bool _shouldDispose;
    private bool _disposed;

    /// <param name="name">The timer's name in the room file.</param>
    /// <param name="spi">SPI bus the ring's DIN is on (MOSI), opened with <see cref="Ws2812bSpi.Settings"/>.</param>
    /// <param name="ledCount">LEDs on the ring.</param>
    /// <param name="brightness">Scale of every colour, 0 (exclusive) to 1; low by default, for a calm room.</param>
    /// <param name="palette">Colours per phase (<see cref="TimerRingPalette.Calm"/> when null).</param>
    /// <param name="shouldDispose">Dispose the SPI device with the ring.</param>
    public Ws2812bTimerRing(string name, SpiDevice spi, int ledCount, double brightness = DefaultBrightness, TimerRingPalette? palette = null, bool shouldDispose = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(spi);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ledCount);
        if (!(brightness > 0 && brightness <= 1)) throw new ArgumentOutOfRangeException(nameof(brightness), brightness, "Brightness is a share above 0 and at most 1.");
        if (!Ws2812bSpi.IsUsableClock(spi.ConnectionSettings.ClockFrequency))
        {
            throw new ArgumentException($"The SPI clock is {spi.ConnectionSettings.ClockFrequency} Hz; a WS2812B needs {Ws2812bSpi.ClockHz} Hz (open the bus with Ws2812bSpi.Settings).", nameof(spi));
        }

        Name = name;
        LedCount = ledCount;
        Palette = palette ?? TimerRingPalette.Calm;
        _spi = spi;
        _brightness = brightness;
        _shouldDispose = shouldDispose;
        _ring = new global::Iot.Device.Ws28xx.Ws2812b(spi, ledCount);
    }

    public string Name { get; }

    public int LedCount { get; }

    public TimerRingPalette Palette { get; }

    public Task ShowAsync(TimerDisplay display, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(display);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Draw(display);
        }

        return Task.CompletedTask;
    }

    /// <summary>LEDs lit for a countdown: the share of time left, rounded, and at least one while time is left.</summary>
    public static int LitCount(TimerDisplay display, int ledCount)
    {
        ArgumentNullException.ThrowIfNull(display);
        if (!display.Countdown || display.Phase is not { } phase) return 0;
        if (phase is TimerPhase.Ended or TimerPhase.Overrun) return ledCount;
        if (display.TotalSeconds is not > 0 || display.RemainingSeconds is not { } remaining) return ledCount;
        var left = Math.Clamp(remaining, 0, display.TotalSeconds.Value);
        var lit = (int)Math.Round((double)left * ledCount / display.TotalSeconds.Value, MidpointRounding.AwayFromZero);
        return left > 0 ? Math.Max(1, lit) : lit;
    }

    public ValueTask DisposeAsync()
    {
        lock (_sync)
        {
            if (_disposed) return ValueTask.CompletedTask;
            _disposed = true;
            try
            {
                Draw(TimerDisplay.Off);
            }
            finally
            {
                if (_shouldDispose) _spi.Dispose();
            }
        }

        return ValueTask.CompletedTask;
    }

    private void Draw(TimerDisplay display)
    {
        var lit = LitCount(display, LedCount);
        var colour = lit > 0 && display.Phase is { } phase ? Dimmed(Palette.For(phase)) : Color.Black;
        var dark = Color.FromArgb(0, 0, 0);
        for (var led = 0; led < LedCount; led++) _ring.Image.SetPixel(led, 0, led < lit ? colour : dark);
        _ring.Update();
    }

    private Color Dimmed(Color colour) => Color.FromArgb(Scale(colour.R), Scale(colour.G), Scale(colour.B));

    private int Scale(byte component) => (int)Math.Round(component * _brightness, MidpointRounding.AwayFromZero);
}
