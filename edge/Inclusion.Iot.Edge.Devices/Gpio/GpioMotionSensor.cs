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

    private readonly Hcsr501 _sensor;
    private readonly WatchedLine _line;

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
        _line = new WatchedLine(typeof(GpioMotionSensor), name, gpioController, pin, debounce ?? DefaultDebounce, timeProvider, activeLow, occupied => new OccupancyInput(name, occupied, OccupancySensing.Motion));
        _sensor = new Hcsr501(pin, gpioController, shouldDispose: false);
        _sensor.Hcsr501ValueChanged += OnChanged;
    }

    public string Name { get; }

    public OccupancySensing Sensing => OccupancySensing.Motion;

    public Task RunAsync(IDeviceInputSink sink, CancellationToken cancellationToken) => _line.RunAsync(sink, cancellationToken);

    /// <summary>The binding leaves a shared controller's pin open: the line closes it after the binding lets go.</summary>
    public ValueTask DisposeAsync() => _line.DisposeAsync(ReleaseSensor);

    private void ReleaseSensor()
    {
        _sensor.Hcsr501ValueChanged -= OnChanged;
        _sensor.Dispose();
    }

    private void OnChanged(object sender, Hcsr501ValueChangedEventArgs e) => _line.OnLevel(e.PinValue);
}
