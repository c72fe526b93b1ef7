using System.Device.Gpio;
using System.Threading.Channels;
using Inclusion.Iot.Edge.Devices.Inputs;
using Inclusion.Iot.Edge.Devices.Ports;

namespace Inclusion.Iot.Edge.Devices.Gpio;

/// <summary>
/// What every GPIO input shares: edges in, debounced, turned into the device's report, queued so the driver's
/// callback never waits on the room, and reported by <see cref="RunAsync"/>. The owner opens and closes the pin.
/// </summary>
internal sealed class WatchedLine
{
    /// <summary>This many edges without the line ever settling is a loose wire or interference, not a room event.</summary>
    internal const int ChatterEdges = 64;

    private readonly string _device;
    private readonly string _source;
    private readonly TimeSpan _debounce;
    private readonly TimeProvider _time;
    private readonly bool _activeLow;
    private readonly Func<bool, DeviceInput> _report;
    private readonly Func<PinValue> _read;
    private readonly Channel<DeviceInput> _reports = Channel.CreateUnbounded<DeviceInput>(new UnboundedChannelOptions { SingleReader = true });
    private DebouncedLevel? _level;
    private int _running;
    private int _unsettledEdges;

    public WatchedLine(string device, int pin, TimeSpan debounce, TimeProvider time, bool activeLow, Func<bool, DeviceInput> report, Func<PinValue> read)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(debounce, TimeSpan.Zero, nameof(debounce));
        _device = device;
        _source = $"gpio{pin}";
        _debounce = debounce;
        _time = time;
        _activeLow = activeLow;
        _report = report;
        _read = read;
    }

    /// <summary>An edge from the driver's callback.</summary>
    public void OnEdge(PinEventTypes edge)
    {
        switch (edge)
        {
            case PinEventTypes.Rising:
                OnLevel(PinValue.High);
                break;
            case PinEventTypes.Falling:
                OnLevel(PinValue.Low);
                break;
            default:
                _reports.Writer.TryWrite(new RejectedInput(_device, _source, $"edge of unknown kind '{edge}'"));
                break;
        }
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

    public async Task RunAsync(IDeviceInputSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (Interlocked.Exchange(ref _running, 1) == 1) throw new InvalidOperationException($"{_device} is already running.");
        while (_reports.Reader.TryRead(out _))
        {
            // Reports left from an earlier run are stale: the line is read afresh below.
        }

        var level = new DebouncedLevel(IsActive(_read()), _debounce, _time, Accepted);
        try
        {
            _reports.Writer.TryWrite(_report(level.Level));
            Volatile.Write(ref _level, level);
            // An edge between the first read and now was dropped: look again (the same level restarts nothing).
            level.Observe(IsActive(_read()));
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
