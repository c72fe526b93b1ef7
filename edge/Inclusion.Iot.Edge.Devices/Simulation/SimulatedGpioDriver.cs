using System.Device.Gpio;

namespace Inclusion.Iot.Edge.Devices.Simulation;

/// <summary>
/// A GPIO chip in memory, the twin of the Pi's header for tests and the edge's simulated hardware mode. Outputs
/// remember what the driver wrote (and raise <see cref="PinWritten"/>, in order, so a bit-banged protocol such as
/// Tm1637 can be decoded); inputs read what the outside world drives with <see cref="Drive"/>, which raises the
/// registered edge callbacks exactly as a real chip's interrupts would. Thread-safe.
/// </summary>
public sealed class SimulatedGpioDriver : GpioDriver
{
    private readonly object _sync = new();
    private readonly Dictionary<int, PinMode> _modes = [];
    private readonly Dictionary<int, PinValue> _written = [];
    private readonly Dictionary<int, PinValue> _driven = [];
    private readonly Dictionary<int, List<(PinEventTypes Types, PinChangeEventHandler Handler)>> _callbacks = [];
    private readonly Func<int, PinValue?>? _readHook;

    /// <param name="pinCount">Logical pins 0..pinCount-1 (a Raspberry Pi's header has GPIO 0..27).</param>
    /// <param name="readHook">Answers reads of a pin before anything else (a simulated chip that drives a line, e.g. an ACK bit); null to fall through.</param>
    public SimulatedGpioDriver(int pinCount = 28, Func<int, PinValue?>? readHook = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pinCount);
        PinCount = pinCount;
        _readHook = readHook;
    }

    /// <summary>A driver wrote an output pin: (pin, value), in the order written.</summary>
    public event Action<int, PinValue>? PinWritten;

    protected override int PinCount { get; }

    /// <summary>Pins currently open.</summary>
    public IReadOnlyCollection<int> OpenPins
    {
        get
        {
            lock (_sync) return [.. _modes.Keys];
        }
    }

    /// <summary>What the driver last wrote to <paramref name="pin"/> (Low when never written).</summary>
    public PinValue WrittenValue(int pin)
    {
        lock (_sync) return _written.GetValueOrDefault(pin, PinValue.Low);
    }

    public PinMode? ModeOf(int pin)
    {
        lock (_sync) return _modes.TryGetValue(pin, out var mode) ? mode : null;
    }

    /// <summary>The outside world sets the level on an input pin; edge callbacks fire when it changes.</summary>
    public void Drive(int pin, PinValue value)
    {
        CheckPin(pin);
        List<PinChangeEventHandler> toCall = [];
        PinEventTypes edge;
        lock (_sync)
        {
            var before = EffectiveInput(pin);
            _driven[pin] = value;
            var after = EffectiveInput(pin);
            if (before == after) return;
            edge = after == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling;
            if (_callbacks.TryGetValue(pin, out var list))
            {
                toCall.AddRange(list.Where(c => (c.Types & edge) != 0).Select(c => c.Handler));
            }
        }

        foreach (var handler in toCall) handler(this, new PinValueChangedEventArgs(edge, pin));
    }

    protected override void OpenPin(int pinNumber)
    {
        CheckPin(pinNumber);
        lock (_sync)
        {
            if (!_modes.ContainsKey(pinNumber)) _modes[pinNumber] = PinMode.Input;
        }
    }

    protected override void ClosePin(int pinNumber)
    {
        lock (_sync)
        {
            _modes.Remove(pinNumber);
            _callbacks.Remove(pinNumber);
        }
    }

    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        CheckPin(pinNumber);
        lock (_sync) _modes[pinNumber] = mode;
    }

    protected override PinMode GetPinMode(int pinNumber)
    {
        lock (_sync) return _modes.TryGetValue(pinNumber, out var mode) ? mode : PinMode.Input;
    }

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) =>
        mode is PinMode.Input or PinMode.Output or PinMode.InputPullUp or PinMode.InputPullDown;

    protected override PinValue Read(int pinNumber)
    {
        CheckPin(pinNumber);
        if (_readHook?.Invoke(pinNumber) is { } hooked) return hooked;
        lock (_sync)
        {
            return _modes.GetValueOrDefault(pinNumber, PinMode.Input) == PinMode.Output
                ? _written.GetValueOrDefault(pinNumber, PinValue.Low)
                : EffectiveInput(pinNumber);
        }
    }

    protected override void Write(int pinNumber, PinValue value)
    {
        CheckPin(pinNumber);
        lock (_sync) _written[pinNumber] = value;
        PinWritten?.Invoke(pinNumber, value);
    }

    protected override void Toggle(int pinNumber) => Write(pinNumber, !Read(pinNumber));

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        WaitForEventAsync(pinNumber, eventTypes, cancellationToken).AsTask().GetAwaiter().GetResult();

    protected override ValueTask<WaitForEventResult> WaitForEventAsync(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<WaitForEventResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChange(object sender, PinValueChangedEventArgs e) => done.TrySetResult(new WaitForEventResult { EventTypes = e.ChangeType, TimedOut = false });
        AddCallbackForPinValueChangedEvent(pinNumber, eventTypes, OnChange);
        var registration = cancellationToken.Register(() => done.TrySetResult(new WaitForEventResult { EventTypes = PinEventTypes.None, TimedOut = true }));
        return new ValueTask<WaitForEventResult>(done.Task.ContinueWith(
            t =>
            {
                registration.Dispose();
                RemoveCallbackForPinValueChangedEvent(pinNumber, OnChange);
                return t.Result;
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default));
    }

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
    {
        CheckPin(pinNumber);
        lock (_sync)
        {
            if (!_callbacks.TryGetValue(pinNumber, out var list)) _callbacks[pinNumber] = list = [];
            list.Add((eventTypes, callback));
        }
    }

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
    {
        lock (_sync)
        {
            if (_callbacks.TryGetValue(pinNumber, out var list)) list.RemoveAll(c => c.Handler == callback);
        }
    }

    public override GpioChipInfo GetChipInfo() => new(0, "simulated", "Inclusion.Iot simulated GPIO", PinCount);

    /// <summary>An input's level: what the outside drives, else its pull (pull-up reads High).</summary>
    private PinValue EffectiveInput(int pin) =>
        _driven.TryGetValue(pin, out var value)
            ? value
            : _modes.GetValueOrDefault(pin, PinMode.Input) == PinMode.InputPullUp ? PinValue.High : PinValue.Low;

    private void CheckPin(int pin)
    {
        if (pin < 0 || pin >= PinCount) throw new ArgumentOutOfRangeException(nameof(pin), pin, $"The simulated chip has pins 0..{PinCount - 1}.");
    }
}
