using Microsoft.Extensions.Time.Testing;

namespace Inclusion.Iot.Testing;

/// <summary>
/// A clock whose wall time can be set apart from its monotonic time, as on a Raspberry Pi (no RTC): it boots near
/// 1970 and NTP steps the wall clock later. Timestamps and timers follow the wrapped <see cref="FakeTimeProvider"/>
/// (moved only by <see cref="Advance"/>); <see cref="GetUtcNow"/> is the fake's time plus an offset that
/// <see cref="SetWallClock"/> sets, so after a step the wall clock keeps moving with the fake. Thread-safe.
/// </summary>
public sealed class JumpingTimeProvider : TimeProvider
{
    private long _wallOffsetTicks;

    public JumpingTimeProvider(FakeTimeProvider monotonic)
    {
        ArgumentNullException.ThrowIfNull(monotonic);
        Monotonic = monotonic;
    }

    /// <summary>Wall clock and monotonic time start together at <paramref name="wallClock"/>.</summary>
    public JumpingTimeProvider(DateTimeOffset wallClock)
        : this(new FakeTimeProvider(wallClock))
    {
    }

    /// <summary>The time that timestamps and timers follow.</summary>
    public FakeTimeProvider Monotonic { get; }

    /// <summary>How far the wall clock is from <see cref="Monotonic"/>'s time.</summary>
    public TimeSpan WallClockOffset => TimeSpan.FromTicks(Interlocked.Read(ref _wallOffsetTicks));

    public override long TimestampFrequency => Monotonic.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => Monotonic.LocalTimeZone;

    /// <summary>Time passes: the wall clock, timestamps and timers all move by <paramref name="delta"/>.</summary>
    public void Advance(TimeSpan delta) => Monotonic.Advance(delta);

    /// <summary>Steps the wall clock to <paramref name="wallClock"/> (forwards or backwards); timestamps and timers do not move.</summary>
    public void SetWallClock(DateTimeOffset wallClock) =>
        Interlocked.Exchange(ref _wallOffsetTicks, (wallClock - Monotonic.GetUtcNow()).Ticks);

    public override DateTimeOffset GetUtcNow() => Monotonic.GetUtcNow() + WallClockOffset;

    public override long GetTimestamp() => Monotonic.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        Monotonic.CreateTimer(callback, state, dueTime, period);
}
