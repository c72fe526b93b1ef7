using System.Device.Gpio;
using Iot.Device.Hcsr501;
using Inclusion.Iot.Edge.Devices.Inputs;
using Inclusion.Iot.Edge.Devices.Ports;

namespace Inclusion.Iot.Edge.Devices.Gpio;

/// <summary>
/// A PIR motion sensor (HC-SR501) on one pin through the dotnet/iot <see cref="Hcsr501"/> binding. Its OUT goes High
/// on motion and falls after the module's own hold time (its Tx potentiometer), so it reports
/// <see cref="OccupancySensing.Motion"/>: motion, then "clear" after a timeout. Debounced, starting with the level it finds.
/// </summary>
public sealed class GpioMotionSensor : IPresenceSensor, IHardwareInput
{
    /// <summary>The module drives OUT cleanly; this only takes out spikes picked up on a long cable.</summary>
    public static readonly TimeSpan DefaultDebounce = TimeSpan.FromMilliseconds(50);

    private readonly GpioController _gpio;
    private readonly int _pin;
    private readonly Hcsr501 _sensor;
    private readonly WatchedLine _line;
    private int _disposed;

    /// <param name="name">The device's name in the room file.</param>
    /// <param name="pin">The BCM GPIO number of the module's OUT.</param>
    /// <param name="gpioController">The board's shared controller; not disposed with this sensor.</param>
    /// <param name="activeLow">True for a module (or an inverting level shifter) whose OUT is Low on motion.</param>
    /// <param name="debounce">How long a new level must hold; null for <see cref="DefaultDebounce"/>.</param>
    public GpioMotionSensor(string name, int pin, GpioController gpioController, TimeProvider timeProvider, bool activeLow = false, TimeSpan? debounce = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegative(pin);
        ArgumentNullException.ThrowIfNull(gpioController);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Name = name;
        _gpio = gpioController;
        _pin = pin;
        _line = new WatchedLine(name, pin, debounce ?? DefaultDebounce, timeProvider, activeLow, occupied => new OccupancyInput(name, occupied, OccupancySensing.Motion), () => _gpio.Read(_pin));
        _sensor = new Hcsr501(pin, gpioController, shouldDispose: false);
        _sensor.Hcsr501ValueChanged += OnChanged;
    }

    public string Name { get; }

    public OccupancySensing Sensing => OccupancySensing.Motion;

    public Task RunAsync(IDeviceInputSink sink, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _line.RunAsync(sink, cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return ValueTask.CompletedTask;
        _sensor.Hcsr501ValueChanged -= OnChanged;
        _sensor.Dispose();
        // The binding leaves a shared controller's pin open: it is ours to close.
        if (_gpio.IsPinOpen(_pin)) _gpio.ClosePin(_pin);
        return ValueTask.CompletedTask;
    }

    private void OnChanged(object sender, Hcsr501ValueChangedEventArgs e) => _line.OnLevel(e.PinValue);
}
