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

    private readonly GpioController _gpio;
    private readonly int _pin;
    private readonly WatchedLine _line;
    private int _disposed;

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
        _gpio = gpioController;
        _pin = pin;
        _line = new WatchedLine(name, pin, debounce ?? DefaultDebounce, timeProvider, activeLow, open => new DoorInput(name, open), () => _gpio.Read(_pin));
        _gpio.OpenPin(pin, PinMode.InputPullUp);
        _gpio.RegisterCallbackForPinValueChangedEvent(pin, PinEventTypes.Rising | PinEventTypes.Falling, OnChanged);
    }

    public string Name { get; }

    public Task RunAsync(IDeviceInputSink sink, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _line.RunAsync(sink, cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return ValueTask.CompletedTask;
        _gpio.UnregisterCallbackForPinValueChangedEvent(_pin, OnChanged);
        if (_gpio.IsPinOpen(_pin)) _gpio.ClosePin(_pin);
        return ValueTask.CompletedTask;
    }

    private void OnChanged(object sender, PinValueChangedEventArgs e) => _line.OnEdge(e.ChangeType);
}
