using System.Device.Gpio;
using Inclusion.Iot.Edge.Devices.Inputs;
using Inclusion.Iot.Edge.Devices.Ports;

namespace Inclusion.Iot.Edge.Devices.Gpio;

/// <summary>
/// A reed contact from the pin to ground, read with the Pi's internal pull-up: a closed door holds the reed closed and
/// the pin Low, an open door (or a cut wire) reads High. Reports <see cref="DoorInput"/>, debounced, starting with the
/// level it finds.
/// </summary>
public sealed class GpioDoorContact : IDoorContact, IHardwareInput
{
    /// <summary>Reed contacts bounce for a few milliseconds; a door is not opened faster than this.</summary>
    public static readonly TimeSpan DefaultDebounce = TimeSpan.FromMilliseconds(50);

    private readonly WatchedLine _line;

    /// <param name="name">The device's name in the room file.</param>
    /// <param name="pin">The BCM GPIO number.</param>
    /// <param name="gpioController">The board's shared controller; not disposed with this contact.</param>
    /// <param name="activeLow">True when an open door reads Low (a contact that closes when the door opens).</param>
    /// <param name="debounce">How long a new level must hold; null for <see cref="DefaultDebounce"/>.</param>
    public GpioDoorContact(string name, int pin, GpioController gpioController, TimeProvider timeProvider, bool activeLow = false, TimeSpan? debounce = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegative(pin);
        ArgumentNullException.ThrowIfNull(gpioController);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Name = name;
        _line = new WatchedLine(typeof(GpioDoorContact), name, gpioController, pin, debounce ?? DefaultDebounce, timeProvider, activeLow, open => new DoorInput(name, open));
        _line.WatchEdges();
    }

    public string Name { get; }

    public Task RunAsync(IDeviceInputSink sink, CancellationToken cancellationToken) => _line.RunAsync(sink, cancellationToken);

    public ValueTask DisposeAsync() => _line.DisposeAsync();
}
