using System.Device.Gpio;
using Inclusion.Iot.Edge.Devices.Ports;

namespace Inclusion.Iot.Edge.Devices.Gpio;

/// <summary>
/// An active buzzer on one pin (it sounds while the pin is on): short soft chimes timed on the
/// <see cref="TimeProvider"/>, one at a time. Never a continuous tone: however a chime ends (done, cancelled,
/// disposed), the pin is left off.
/// </summary>
public sealed class GpioBuzzer : IBuzzer, IAsyncDisposable
{
    // Short tones are what keeps an active buzzer soft; the pause makes "end" two tones, not one long one.
    private static readonly TimeSpan Tone = TimeSpan.FromMilliseconds(150);
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(250);

    private readonly GpioController _gpio;
    private readonly int _pin;
    private readonly TimeProvider _time;
    private readonly PinValue _on;
    private readonly PinValue _off;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private bool _disposed;

    /// <param name="name">The device's name in the room file.</param>
    /// <param name="pin">The BCM GPIO number driving the buzzer (through a transistor).</param>
    /// <param name="gpioController">The board's shared controller; not disposed with this buzzer.</param>
    /// <param name="activeLow">True for buzzer modules that sound on Low.</param>
    public GpioBuzzer(string name, int pin, GpioController gpioController, TimeProvider timeProvider, bool activeLow = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegative(pin);
        ArgumentNullException.ThrowIfNull(gpioController);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Name = name;
        _gpio = gpioController;
        _pin = pin;
        _time = timeProvider;
        _on = activeLow ? PinValue.Low : PinValue.High;
        _off = activeLow ? PinValue.High : PinValue.Low;
        _gpio.OpenPin(pin, PinMode.Output, _off);
    }

    public string Name { get; }

    public async Task ChimeAsync(Chime chime, CancellationToken cancellationToken)
    {
        var tones = chime switch
        {
            Chime.Warning => 1,
            Chime.End => 2,
            _ => throw new ArgumentOutOfRangeException(nameof(chime), chime, "Not a chime this buzzer knows."),
        };

        // Overlapping chimes would cut each other's tones into a rattle: the second waits.
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var ending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
            for (var tone = 0; tone < tones; tone++)
            {
                if (tone > 0) await Task.Delay(Pause, _time, ending.Token).ConfigureAwait(false);
                _gpio.Write(_pin, _on);
                try
                {
                    await Task.Delay(Tone, _time, ending.Token).ConfigureAwait(false);
                }
                finally
                {
                    _gpio.Write(_pin, _off);
                }
            }
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _oneAtATime.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (_disposed) return;
            _disposed = true;
            _gpio.Write(_pin, _off);
            if (_gpio.IsPinOpen(_pin)) _gpio.ClosePin(_pin);
        }
        finally
        {
            _oneAtATime.Release();
        }

        _stopping.Dispose();
    }
}
