using System.Device.Gpio;
using System.Threading.Channels;
using Inclusion.Iot.Edge.Devices.Inputs;
using Inclusion.Iot.Edge.Devices.Ports;

namespace Inclusion.Iot.Edge.Devices.Gpio;

/// <summary>
/// What every GPIO input shares: edges in, debounced, turned into the device's report, queued so the driver's
/// callback never waits on the room, and reported by <see cref="RunAsync"/>; closed once by <see cref="DisposeAsync"/>,
/// which closes the pin. The owner opens the pin: through <see cref="WatchEdges"/>, or through a binding that calls
/// <see cref="OnLevel"/>.
/// </summary>
internal sealed class WatchedLine
{
    /// <summary>This many edges without the line ever settling is a loose wire or interference, not a room event.</summary>
    internal const int ChatterEdges = 64;

    private readonly Type _owner;
    private readonly string _device;
    private readonly GpioController _gpio;
    private readonly int _pin;
    private readonly string _source;
    private readonly TimeSpan _debounce;
    private readonly TimeProvider _time;
    private readonly bool _activeLow;
    private readonly Func<bool, DeviceInput> _report;
    private readonly Channel<DeviceInput> _reports = Channel.CreateUnbounded<DeviceInput>(new UnboundedChannelOptions { SingleReader = true });
    private DebouncedLevel? _level;
    private int _running;
    private int _unsettledEdges;
    private PinChangeEventHandler? _edges;
    private int _disposed;

    /// <param name="owner">The device's type, named when it is used after disposal.</param>
    public WatchedLine(Type owner, string device, GpioController gpio, int pin, TimeSpan debounce, TimeProvider time, bool activeLow, Func<bool, DeviceInput> report)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(debounce, TimeSpan.Zero, nameof(debounce));
        _owner = owner;
        _device = device;
        _gpio = gpio;
        _pin = pin;
        _source = $"gpio{pin}";
        _debounce = debounce;
        _time = time;
        _activeLow = activeLow;
        _report = report;
    }

    /// <summary>Opens the pin with the Pi's internal pull-up and watches both its edges through the controller.</summary>
    public void WatchEdges()
    {
        _gpio.OpenPin(_pin, PinMode.InputPullUp);
        _edges = OnChanged;
        _gpio.RegisterCallbackForPinValueChangedEvent(_pin, PinEventTypes.Rising | PinEventTypes.Falling, _edges);
    }

    /// <summary>The level the line has after an edge.</summary>
    public void OnLevel(PinValue value)
    {
        // Not running yet: RunAsync reads the line itself when it starts.
        var level = Volatile.Read(ref _level);
        if (level is null) return;
        level.Observe(IsActive(value));
        if (Interlocked.Increment(ref _unsettledEdges) >= ChatterEdges)
        {
            Interlocked.Exchange(ref _unsettledEdges, 0);
            _reports.Writer.TryWrite(new RejectedInput(_device, _source, $"{ChatterEdges} edges without settling for {_debounce.TotalMilliseconds:0} ms (loose wire or interference?)"));
        }
    }

    public Task RunAsync(IDeviceInputSink sink, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, _owner);
        return WatchAsync(sink, cancellationToken);
    }

    /// <summary>
    /// Once: stops watching the edges, lets <paramref name="release"/> drop a binding that watches the pin itself, and
    /// closes the pin (a binding leaves a shared controller's pin open). The controller itself is not ours.
    /// </summary>
    public ValueTask DisposeAsync(Action? release = null)
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return ValueTask.CompletedTask;
        if (_edges is not null) _gpio.UnregisterCallbackForPinValueChangedEvent(_pin, _edges);
        release?.Invoke();
        if (_gpio.IsPinOpen(_pin)) _gpio.ClosePin(_pin);
        return ValueTask.CompletedTask;
    }

    private void OnChanged(object sender, PinValueChangedEventArgs e)
    {
        switch (e.ChangeType)
        {
            case PinEventTypes.Rising:
                OnLevel(PinValue.High);
                break;
            case PinEventTypes.Falling:
                OnLevel(PinValue.Low);
                break;
            default:
                _reports.Writer.TryWrite(new RejectedInput(_device, _source, $"edge of unknown kind '{e.ChangeType}'"));
                break;
        }
    }

    private async Task WatchAsync(IDeviceInputSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (Interlocked.Exchange(ref _running, 1) == 1) throw new InvalidOperationException($"{_device} is already running.");
        while (_reports.Reader.TryRead(out _))
        {
            // Reports left from an earlier run are stale: the line is read afresh below.
        }

        var level = new DebouncedLevel(IsActive(_gpio.Read(_pin)), _debounce, _time, Accepted);
        try
        {
            _reports.Writer.TryWrite(_report(level.Level));
            Volatile.Write(ref _level, level);
            // An edge between the first read and now was dropped: look again (the same level restarts nothing).
            level.Observe(IsActive(_gpio.Read(_pin)));
            await foreach (var input in _reports.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await sink.ReportAsync(input, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled: the room is stopping this input.
        }
        finally
        {
            Volatile.Write(ref _level, null);
            level.Dispose();
            Volatile.Write(ref _running, 0);
        }
    }

    private void Accepted(bool active)
    {
        Interlocked.Exchange(ref _unsettledEdges, 0);
        _reports.Writer.TryWrite(_report(active));
    }

    private bool IsActive(PinValue value) => (value == PinValue.High) != _activeLow;
}
