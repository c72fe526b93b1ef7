using System.Globalization;
using System.Reflection;
using Inclusion.Iot.Edge.Worker.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Edge.Worker.Room;

/// <summary>
/// Clock facts carried on every event: milliseconds since the edge started (monotonic: they order events whatever
/// the wall clock does), and whether the wall clock is known to be right. A Raspberry Pi has no RTC: it boots near
/// 1970 (or at fake-hwclock's last save) and NTP steps the clock later, possibly more than once. One per edge
/// (a DI singleton); thread-safe.
/// </summary>
public sealed partial class EdgeClock
{
    /// <summary>The metadata key the build stamps (the UTC build day, <c>yyyy-MM-dd</c>; see the csproj).</summary>
    public const string BuildDateMetadataKey = "BuildDate";

    /// <summary>The floor when the assembly carries no build date: no edge clock can rightly be earlier than the code.</summary>
    private static readonly DateTimeOffset s_unstampedFloor = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TimeProvider _time;
    private readonly IClockSyncSource _source;
    private readonly ILogger<EdgeClock> _logger;
    private readonly TimeSpan _jumpThreshold;
    private readonly TimeSpan _syncCheckInterval;
    private readonly long _started;
    private readonly Lock _lock = new();

    private ClockSyncState? _systemState;
    private long _systemStateAt;
    private bool? _plausible;
    private (DateTimeOffset Wall, long Timestamp)? _observed;

    public EdgeClock(TimeProvider time, IClockSyncSource source, IOptions<ClockOptions> options, ILogger<EdgeClock> logger)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _time = time;
        _source = source;
        _logger = logger;
        _jumpThreshold = TimeSpan.FromSeconds(options.Value.JumpThresholdSeconds);
        _syncCheckInterval = TimeSpan.FromSeconds(options.Value.SyncCheckIntervalSeconds);
        _started = time.GetTimestamp();
    }

    /// <summary>The UTC day this build was made: a wall clock before it cannot be right.</summary>
    public static DateTimeOffset BuildDate { get; } = ReadBuildDate(typeof(EdgeClock).Assembly);

    /// <summary>Milliseconds since the edge started, from <see cref="TimeProvider.GetTimestamp"/>: never jumps.</summary>
    public long MonotonicMs => (long)_time.GetElapsedTime(_started).TotalMilliseconds;

    /// <summary>
    /// True only when the system says the clock is synchronised (asked at most once per
    /// <see cref="ClockOptions.SyncCheckIntervalSeconds"/>, and again right after a jump) and the wall clock is not
    /// before <see cref="BuildDate"/>.
    /// </summary>
    public bool Synchronised
    {
        get
        {
            lock (_lock)
            {
                var plausible = CheckPlausible(_time.GetUtcNow());
                return SystemState() == ClockSyncState.Synchronised && plausible;
            }
        }
    }

    /// <summary>The system's last answer (asked again when it is older than the check interval).</summary>
    public ClockSyncState SystemSyncState
    {
        get
        {
            lock (_lock) return SystemState();
        }
    }

    /// <summary>
    /// Call about once a second. Compares how far the wall clock moved since the last call with how far the monotonic
    /// clock moved; returns the difference (positive: the wall clock jumped forward) when it exceeds
    /// <see cref="ClockOptions.JumpThresholdSeconds"/>, else null. The first call only records where the clocks are.
    /// Each jump is reported once: every call starts the next comparison afresh.
    /// </summary>
    public TimeSpan? ObserveJump()
    {
        lock (_lock)
        {
            var wall = _time.GetUtcNow();
            var timestamp = _time.GetTimestamp();
            var previous = _observed;
            _observed = (wall, timestamp);
            if (previous is not { } last) return null;

            var elapsed = _time.GetElapsedTime(last.Timestamp, timestamp);
            var jump = wall - last.Wall - elapsed;
            if (jump.Duration() <= _jumpThreshold) return null;

            LogJumped(jump, last.Wall, wall, elapsed);
            // Whatever stepped the clock has likely just synchronised it (or someone set it by hand): ask again.
            _systemState = null;
            CheckPlausible(wall);
            return jump;
        }
    }

    private ClockSyncState SystemState()
    {
        var now = _time.GetTimestamp();
        if (_systemState is { } known && _time.GetElapsedTime(_systemStateAt, now) < _syncCheckInterval) return known;

        var state = _source.Probe();
        if (state != _systemState) LogSystemState(state);
        _systemState = state;
        _systemStateAt = now;
        return state;
    }

    private bool CheckPlausible(DateTimeOffset wall)
    {
        var plausible = wall >= BuildDate;
        if (plausible != _plausible)
        {
            if (!plausible) LogImplausible(wall, BuildDate);
            else if (_plausible is false) LogPlausibleAgain(wall);
            _plausible = plausible;
        }

        return plausible;
    }

    internal static DateTimeOffset ReadBuildDate(Assembly assembly)
    {
        var stamped = assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => string.Equals(a.Key, BuildDateMetadataKey, StringComparison.Ordinal))?.Value;
        return DateTimeOffset.TryParseExact(stamped, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
            ? date
            : s_unstampedFloor;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Wall clock {WallClock:o} is before this build ({BuildDate:yyyy-MM-dd}): events are marked not synchronised until it is set")]
    private partial void LogImplausible(DateTimeOffset wallClock, DateTimeOffset buildDate);

    [LoggerMessage(Level = LogLevel.Information, Message = "Wall clock {WallClock:o} is no longer before this build")]
    private partial void LogPlausibleAgain(DateTimeOffset wallClock);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Wall clock jumped by {Jump} (from {Before:o} to {After:o}) while {Elapsed} passed on the monotonic clock")]
    private partial void LogJumped(TimeSpan jump, DateTimeOffset before, DateTimeOffset after, TimeSpan elapsed);

    [LoggerMessage(Level = LogLevel.Information, Message = "System clock synchronisation: {State}")]
    private partial void LogSystemState(ClockSyncState state);
}
