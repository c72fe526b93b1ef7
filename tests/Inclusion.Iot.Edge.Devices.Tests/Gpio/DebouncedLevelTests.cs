using Inclusion.Iot.Edge.Devices.Gpio;
using Microsoft.Extensions.Time.Testing;

namespace Inclusion.Iot.Edge.Devices.Tests.Gpio;

public sealed class DebouncedLevelTests
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(40);
    private readonly FakeTimeProvider _time = new();
    private readonly List<bool> _accepted = [];

    private DebouncedLevel Level(bool initial = false, TimeSpan? debounce = null) => new(initial, debounce ?? Debounce, _time, _accepted.Add);

    [Fact]
    public void A_change_is_accepted_exactly_when_it_has_held_for_the_debounce_time()
    {
        using var level = Level();
        level.Observe(true);
        _time.Advance(TimeSpan.FromMilliseconds(39));
        Assert.Empty(_accepted);
        Assert.False(level.Level);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([true], _accepted);
        Assert.True(level.Level);
    }

    [Fact]
    public void A_bounce_shorter_than_the_debounce_time_is_never_reported()
    {
        using var level = Level();
        level.Observe(true);
        _time.Advance(TimeSpan.FromMilliseconds(30));
        level.Observe(false);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Empty(_accepted);
        Assert.False(level.Level);
    }

    [Fact]
    public void Each_bounce_restarts_the_wait_and_only_the_settled_level_is_reported()
    {
        using var level = Level();
        for (var i = 0; i < 5; i++)
        {
            level.Observe(true);
            _time.Advance(TimeSpan.FromMilliseconds(10));
            level.Observe(false);
            _time.Advance(TimeSpan.FromMilliseconds(10));
        }

        level.Observe(true);
        _time.Advance(TimeSpan.FromMilliseconds(39));
        Assert.Empty(_accepted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([true], _accepted);
    }

    [Fact]
    public void Seeing_the_same_level_again_does_not_restart_the_wait()
    {
        using var level = Level();
        level.Observe(true);
        _time.Advance(TimeSpan.FromMilliseconds(30));
        level.Observe(true);
        _time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal([true], _accepted);
    }

    [Fact]
    public void Seeing_the_accepted_level_again_reports_nothing()
    {
        using var level = Level(initial: true);
        level.Observe(true);
        _time.Advance(TimeSpan.FromSeconds(1));
        level.Observe(true);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(_accepted);
        Assert.True(level.Level);
    }

    [Fact]
    public void Changes_back_and_forth_that_each_settle_are_all_reported_in_order()
    {
        using var level = Level();
        level.Observe(true);
        _time.Advance(Debounce);
        level.Observe(false);
        _time.Advance(Debounce);
        level.Observe(true);
        _time.Advance(Debounce);
        Assert.Equal([true, false, true], _accepted);
    }

    [Fact]
    public void The_initial_level_is_the_level_and_is_not_reported()
    {
        using var level = Level(initial: true);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(level.Level);
        Assert.Empty(_accepted);
    }

    [Fact]
    public void A_zero_debounce_accepts_each_change_at_once()
    {
        using var level = Level(debounce: TimeSpan.Zero);
        level.Observe(true);
        level.Observe(false);
        Assert.Equal([true, false], _accepted);
    }

    [Fact]
    public void Nothing_is_reported_after_dispose()
    {
        var level = Level();
        level.Observe(true);
        level.Dispose();
        _time.Advance(TimeSpan.FromSeconds(1));
        level.Observe(false);
        Assert.Empty(_accepted);
    }

    [Fact]
    public void A_negative_debounce_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new DebouncedLevel(false, TimeSpan.FromMilliseconds(-1), _time, _ => { }));
}
