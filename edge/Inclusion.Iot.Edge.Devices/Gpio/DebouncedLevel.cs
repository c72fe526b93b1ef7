namespace Inclusion.Iot.Edge.Devices.Gpio;

/// <summary>
/// A digital level with contact bounce taken out. A change is accepted only once the line has held the new level for
/// the whole debounce time; a bounce shorter than that is never reported, and seeing the level it already has again
/// restarts nothing. Time comes only from the <see cref="TimeProvider"/>. Thread-safe: edges arrive on the GPIO
/// driver's thread, the settling timer on the pool's.
/// </summary>
public sealed class DebouncedLevel : IDisposable
{
    private readonly object _sync = new();
    private readonly TimeProvider _time;
    private readonly Action<bool> _accepted;
    private readonly ITimer _settle;
    private bool _level;
    private bool _seen;
    private long _seenSince;
    private bool _disposed;

    /// <param name="initial">The level the line has now; accepted without waiting and not reported.</param>
    /// <param name="debounce">How long a new level must hold; zero accepts every change at once.</param>
    /// <param name="accepted">Called with each accepted level, in order, under the debouncer's lock: it must not block.</param>
    public DebouncedLevel(bool initial, TimeSpan debounce, TimeProvider timeProvider, Action<bool> accepted)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(debounce, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(accepted);
        Debounce = debounce;
        _time = timeProvider;
        _accepted = accepted;
        _level = _seen = initial;
        _seenSince = timeProvider.GetTimestamp();
        _settle = timeProvider.CreateTimer(_ => Settle(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public TimeSpan Debounce { get; }

    /// <summary>The last accepted level.</summary>
    public bool Level
    {
        get
        {
            lock (_sync) return _level;
        }
    }

    /// <summary>The line was seen at <paramref name="level"/> (an edge, or a read).</summary>
    public void Observe(bool level)
    {
        lock (_sync)
        {
            if (_disposed || level == _seen) return;
            _seen = level;
            _seenSince = _time.GetTimestamp();
            if (level == _level)
            {
                // Back where it was before it settled: a bounce, forget it.
                _settle.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
            else if (Debounce == TimeSpan.Zero)
            {
                Accept();
            }
            else
            {
                _settle.Change(Debounce, Timeout.InfiniteTimeSpan);
            }
        }
    }

    public void Dispose()
    {
        lock (_sync)
        {
            _disposed = true;
            _settle.Dispose();
        }
    }

    private void Settle()
    {
        lock (_sync)
        {
            if (_disposed || _seen == _level) return;
            var held = _time.GetElapsedTime(_seenSince);
            if (held < Debounce)
            {
                // A timer may fire a tick early, or late for an edge that has since moved on: wait out the rest.
                _settle.Change(Debounce - held, Timeout.InfiniteTimeSpan);
                return;
            }

            Accept();
        }
    }

    private void Accept()
    {
        _level = _seen;
        _accepted(_seen);
    }
}
