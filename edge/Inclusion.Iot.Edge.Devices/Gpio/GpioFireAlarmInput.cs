using System.Device.Gpio;
using Inclusion.Iot.Edge.Devices.Inputs;
using Inclusion.Iot.Edge.Devices.Ports;

namespace Inclusion.Iot.Edge.Devices.Gpio;

/// <summary>
/// The building alarm panel's dry contact, as a normally-closed loop from the pin to ground with the Pi's internal
/// pull-up: the closed loop holds the pin Low (quiet); an alarm opens the loop and the pin reads High. Fail-safe: a cut
/// or unplugged wire also reads High, so it reads as an alarm, never as silence. Reports <see cref="FireAlarmInput"/>,
/// starting with the level it finds; the debounce is short, because an alarm must not wait.
/// </summary>
public sealed class GpioFireAlarmInput : IFireAlarmInput, IHardwareInput
{
    /// <summary>Enough for a relay contact's bounce, short enough that nobody waits for an alarm.</summary>
    public static readonly TimeSpan DefaultDebounce = TimeSpan.FromMilliseconds(50);

    /// <summary>A longer debounce would delay an evacuation: refused.</summary>
    public static readonly TimeSpan MaxDebounce = TimeSpan.FromMilliseconds(500);

    private readonly WatchedLine _line;

    /// <param name="name">The device's name in the room file.</param>
    /// <param name="pin">The BCM GPIO number.</param>
    /// <param name="gpioController">The board's shared controller; not disposed with this input.</param>
    /// <param name="activeLow">True for a normally-open contact that closes to ground on alarm (not fail-safe: a cut wire reads quiet).</param>
    /// <param name="debounce">How long a new level must hold; null for <see cref="DefaultDebounce"/>.</param>
    public GpioFireAlarmInput(string name, int pin, GpioController gpioController, TimeProvider timeProvider, bool activeLow = false, TimeSpan? debounce = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegative(pin);
        ArgumentNullException.ThrowIfNull(gpioController);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Name = name;
        if (debounce is { } chosen) ArgumentOutOfRangeException.ThrowIfGreaterThan(chosen, MaxDebounce, nameof(debounce));
        _line = new WatchedLine(typeof(GpioFireAlarmInput), name, gpioController, pin, debounce ?? DefaultDebounce, timeProvider, activeLow, active => new FireAlarmInput(name, active));
        _line.WatchEdges();
    }

    public string Name { get; }

    public Task RunAsync(IDeviceInputSink sink, CancellationToken cancellationToken) => _line.RunAsync(sink, cancellationToken);

    public ValueTask DisposeAsync() => _line.DisposeAsync();
}
