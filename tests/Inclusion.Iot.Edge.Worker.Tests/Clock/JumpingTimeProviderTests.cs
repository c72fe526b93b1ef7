using Inclusion.Iot.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Inclusion.Iot.Edge.Worker.Tests.Clock;

/// <summary>The test clock itself: the wall clock steps alone; timestamps and timers follow the fake's time.</summary>
public sealed class JumpingTimeProviderTests
{
    private static readonly DateTimeOffset PiBoot = new(1970, 1, 1, 0, 0, 5, TimeSpan.Zero);

    [Fact]
    public void Setting_the_wall_clock_moves_neither_timestamps_nor_the_fakes_time()
    {
        var fake = new FakeTimeProvider(PiBoot);
        var time = new JumpingTimeProvider(fake);
        var before = time.GetTimestamp();

        time.SetWallClock(new DateTimeOffset(2026, 11, 24, 9, 30, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2026, 11, 24, 9, 30, 0, TimeSpan.Zero), time.GetUtcNow());
        Assert.Equal(before, time.GetTimestamp());
        Assert.Equal(PiBoot, fake.GetUtcNow());
        Assert.Equal(TimeSpan.Zero, time.GetElapsedTime(before));
    }

    [Fact]
    public void After_a_step_the_wall_clock_keeps_moving_with_the_fake()
    {
        var time = new JumpingTimeProvider(PiBoot);
        time.SetWallClock(new DateTimeOffset(2026, 11, 24, 9, 30, 0, TimeSpan.Zero));

        time.Advance(TimeSpan.FromSeconds(90));

        Assert.Equal(new DateTimeOffset(2026, 11, 24, 9, 31, 30, TimeSpan.Zero), time.GetUtcNow());
        Assert.Equal(PiBoot.AddSeconds(90), time.Monotonic.GetUtcNow());
    }

    [Fact]
    public void The_wall_clock_can_step_backwards()
    {
        var time = new JumpingTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 30, 0, TimeSpan.Zero));

        time.SetWallClock(PiBoot);

        Assert.Equal(PiBoot, time.GetUtcNow());
        Assert.True(time.WallClockOffset < TimeSpan.Zero);
    }

    [Fact]
    public async Task Timers_follow_the_fakes_time_not_the_wall_clock()
    {
        var time = new JumpingTimeProvider(PiBoot);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        var tick = timer.WaitForNextTickAsync().AsTask();

        time.SetWallClock(PiBoot.AddYears(56));
        await Task.Yield();
        Assert.False(tick.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await tick.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
