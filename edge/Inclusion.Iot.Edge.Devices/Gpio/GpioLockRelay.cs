using System.Device.Gpio;
using Inclusion.Iot.Edge.Devices.Ports;

namespace Inclusion.Iot.Edge.Devices.Gpio;

/// <summary>
/// The door lock's relay on one pin: the coil energised holds the door against entry, de-energised releases it (the
/// lock itself must be fail-safe, so no power means open). Driven to released the moment the pin opens, released again
/// on dispose, whatever it was holding.
/// </summary>
public sealed class GpioLockRelay : IDoorLock
{
    private readonly object _sync = new();
    private readonly GpioController _gpio;
    private readonly int _pin;
    private readonly PinValue _energised;
    private readonly PinValue _released;
    private bool _held;
    private bool _disposed;

    /// <param name="name">The device's name in the room file.</param>
    /// <param name="pin">The BCM GPIO number driving the relay module's input (or its transistor).</param>
    /// <param name="gpioController">The board's shared controller; not disposed with this relay.</param>
    /// <param name="activeLow">True for relay boards that energise the coil on Low.</param>
    public GpioLockRelay(string name, int pin, GpioController gpioController, bool activeLow = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegative(pin);
        ArgumentNullException.ThrowIfNull(gpioController);
        Name = name;
        _gpio = gpioController;
        _pin = pin;
        _energised = activeLow ? PinValue.Low : PinValue.High;
        _released = activeLow ? PinValue.High : PinValue.Low;
        // The initial value goes with the mode, so the pin never shows "hold" for an instant.
        _gpio.OpenPin(pin, PinMode.Output, _released);
    }

    public string Name { get; }

    public bool IsHeld
    {
        get
        {
            lock (_sync) return _held;
        }
    }

    public Task HoldAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _gpio.Write(_pin, _energised);
            _held = true;
        }

        return Task.CompletedTask;
    }

    /// <remarks>Releasing is the safe direction: it does not give way to a cancelled token, and after dispose it is already done.</remarks>
    public Task ReleaseAsync(CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            if (_disposed) return Task.CompletedTask;
            _gpio.Write(_pin, _released);
            _held = false;
        }

        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        lock (_sync)
        {
            if (_disposed) return ValueTask.CompletedTask;
            _disposed = true;
            _held = false;
            try
            {
                _gpio.Write(_pin, _released);
            }
            finally
            {
                if (_gpio.IsPinOpen(_pin)) _gpio.ClosePin(_pin);
            }
        }

        return ValueTask.CompletedTask;
    }
}
