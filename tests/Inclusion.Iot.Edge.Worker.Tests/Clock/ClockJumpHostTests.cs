using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Inclusion.Iot.Edge.Worker.Tests.Clock;

/// <summary>The edge started with its clock in 1970 (a Pi without an RTC, before NTP): events flagged, a timer unharmed by the jump.</summary>
public sealed class ClockJumpHostTests() : EdgeHostTests("edge-clock-jump")
{
    private static readonly DateTimeOffset Morning = new(2026, 11, 24, 7, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_edge_booted_in_1970_flags_its_events_and_a_running_timer_keeps_its_time_when_NTP_steps_the_clock()
    {
        var monotonic = new FakeTimeProvider(Morning);
        var clock = new JumpingTimeProvider(monotonic);
        clock.SetWallClock(new DateTimeOffset(1970, 1, 1, 0, 0, 42, TimeSpan.Zero));
        await using var edge = new EdgeHarness(Scratch.CreateSubdirectory("jump"), FreeTcpPort.Next(), Server.Url, time: monotonic) { WallClock = clock };
        await edge.StartAsync();
        await EdgeHarness.Until(async () => (await edge.StateAsync()).GetProperty("configurationVersion").GetInt64() == 3, "the configuration snapshot");

        await edge.StartSessionAsync("04A1B2C3", "04110001");
        await edge.AdvanceAsync(TimeSpan.FromMinutes(5));
        Assert.Equal(900, (await edge.StateAsync()).GetProperty("remainingSeconds").GetInt32());

        // NTP steps the wall clock to the real morning; the next tick sees the jump and the session's times move with it.
        var jump = Morning.AddMinutes(30) - clock.GetUtcNow();
        clock.SetWallClock(Morning.AddMinutes(30));
        await edge.AdvanceAsync(TimeSpan.FromSeconds(2));

        var state = await edge.StateAsync();
        Assert.Equal("session", state.GetProperty("state").GetString());
        Assert.Equal(898, state.GetProperty("remainingSeconds").GetInt32());
        await EdgeHarness.Until(() => Task.FromResult(Server.Stored.Any(e => e.ClockJumped is not null)), "the jump on the server");
        var stored = Server.Stored;
        var jumped = stored.Single(e => e.ClockJumped is not null);
        Assert.InRange(jumped.ClockJumped.DeltaMs, (long)(jump.TotalMilliseconds - 2_000), (long)(jump.TotalMilliseconds + 2_000));
        Assert.Equal(2026, jumped.OccurredAt.ToDateTimeOffset().Year);
        // Everything recorded before the jump says its time is not to be trusted (1970 is before the build date).
        var before = stored.TakeWhile(e => e.ClockJumped is null).ToList();
        Assert.Contains(before, e => e.SessionStarted is not null);
        Assert.All(before, e => Assert.False(e.ClockSynchronised, $"{e.BodyCase} at {e.OccurredAt} flagged synchronised"));
        Assert.All(before, e => Assert.Equal(1970, e.OccurredAt.ToDateTimeOffset().Year));
        // The monotonic time keeps counting across the jump.
        Assert.True(jumped.MonotonicMs > before[^1].MonotonicMs);
        Assert.Equal(Enumerable.Range(1, stored.Count).Select(i => (long)i), stored.Select(e => e.Sequence));
    }
}
