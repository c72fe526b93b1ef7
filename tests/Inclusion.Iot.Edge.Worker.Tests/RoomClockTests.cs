using System.Text.Json;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Testing;

namespace Inclusion.Iot.Edge.Worker.Tests;

/// <summary>
/// What the room does as time passes, on the harness's fake clock: the escort window, the timer's phases and the
/// overrun limit. Each step of the clock ends at a barrier (the room has decided at that instant), so no test here
/// waits for time to pass; they wait only for MQTT and the fake server to deliver what the room already sent.
/// </summary>
public sealed class RoomClockTests() : EdgeHostTests("edge-room-clock")
{
    private const string Olena = "04A1B2C3";
    private const string Fox = "04110001";
    private const string StateTopic = "inclusion/room-sensory-1/state";
    private const string TimerTopic = "inclusion/room-sensory-1/device/wall-timer/set";

    [Fact]
    public async Task The_escort_window_closes_five_seconds_after_the_escorts_badge_and_a_pupil_after_that_waits_and_is_refused_when_no_escort_comes()
    {
        await using var edge = await StartConfiguredEdgeAsync();
        await edge.BadgeAsync(Olena);
        await edge.WaitForStateAsync("escort_present");

        await edge.AdvanceAsync(TimeSpan.FromSeconds(4));
        Assert.Equal("escort_present", edge.Mode);
        await edge.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.Equal("idle", edge.Mode);
        Assert.Equal("idle", (await edge.StateAsync()).GetProperty("state").GetString());
        await EdgeHarness.Until(() => Task.FromResult(StatesOnMqtt(edge).SkipWhile(s => s != "escort_present").Contains("idle")), "the idle room state on MQTT after the window");

        // The pupil waits for an escort (R-ESCORT in either order); when none comes within the window, it is a refusal.
        await edge.BadgeAsync(Fox);
        await EdgeHarness.Until(() => Task.FromResult(edge.Messages.Any(m => m.Topic == "inclusion/room-sensory-1/event/pupil_waiting")), "the pupil waiting on MQTT");
        await EdgeHarness.Until(async () => (await edge.StateAsync("en")).GetProperty("waiting").GetString() == "Fox is waiting for an escort.", "the panel saying so");
        await edge.AdvanceAsync(TimeSpan.FromSeconds(5));
        await EdgeHarness.Until(() => Task.FromResult(edge.Messages.Any(m => m.Topic == "inclusion/room-sensory-1/event/badge_refused")), "the pupil's refusal on MQTT");
        var refused = Assert.Single(edge.Messages, m => m.Topic == "inclusion/room-sensory-1/event/badge_refused").Payload;
        Assert.Contains("REFUSAL_REASON_ESCORT_REQUIRED", refused, StringComparison.Ordinal);
        Assert.Equal("ESCORT_REQUIRED", (await edge.StateAsync()).GetProperty("lastRefusal").GetProperty("reason").GetString());
        Assert.Equal("idle", edge.Mode);

        // Inside the window it works: the escort again, the pupil four seconds later.
        await edge.BadgeAsync(Olena);
        await edge.WaitForStateAsync("escort_present");
        await edge.AdvanceAsync(TimeSpan.FromSeconds(4));
        await edge.BadgeAsync(Fox);
        await edge.WaitForStateAsync("session");
    }

    [Fact]
    public async Task The_timer_counts_down_through_its_phases_and_the_overrun_limit_ends_the_session()
    {
        await using var edge = await StartConfiguredEdgeAsync();
        await edge.StartSessionAsync(Olena, Fox);
        var startedAt = edge.Time.GetUtcNow();

        // Fox's 20 minutes; the policy ends a session 10 minutes past its planned end.
        async Task<Domain.Room.TimerPhase?> PhaseAtAsync(TimeSpan sinceStart)
        {
            await edge.AdvanceAsync(startedAt + sinceStart - edge.Time.GetUtcNow());
            return edge.Room.State.Session?.Phase;
        }

        Assert.Equal(Domain.Room.TimerPhase.Running, await PhaseAtAsync(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1)));
        Assert.Equal(Domain.Room.TimerPhase.FiveMinuteWarning, await PhaseAtAsync(TimeSpan.FromMinutes(15)));
        Assert.Equal(Domain.Room.TimerPhase.FiveMinuteWarning, await PhaseAtAsync(TimeSpan.FromMinutes(19) - TimeSpan.FromSeconds(1)));
        Assert.Equal(Domain.Room.TimerPhase.OneMinuteWarning, await PhaseAtAsync(TimeSpan.FromMinutes(19)));
        Assert.Equal(Domain.Room.TimerPhase.Ended, await PhaseAtAsync(TimeSpan.FromMinutes(20)));
        Assert.Equal(Domain.Room.TimerPhase.Overrun, await PhaseAtAsync(TimeSpan.FromMinutes(20) + TimeSpan.FromSeconds(1)));
        Assert.Equal(Domain.Room.TimerPhase.Overrun, await PhaseAtAsync(TimeSpan.FromMinutes(30) - TimeSpan.FromSeconds(1)));
        Assert.Null(await PhaseAtAsync(TimeSpan.FromMinutes(30)));
        Assert.Equal("idle", edge.Mode);

        // On the server: each phase once, stamped with the room's clock, and the end by the overrun limit.
        await EdgeHarness.Until(() => Task.FromResult(Server.Stored.Any(e => e.BodyCase == EdgeEvent.BodyOneofCase.SessionEnded)), "SessionEnded on the server");
        var phases = Server.Stored.Where(e => e.TimerPhaseChanged is not null).Select(e => (e.TimerPhaseChanged.Phase, e.OccurredAt.ToDateTimeOffset() - startedAt)).ToList();
        Assert.Equal(
            [
                (TimerPhase.Running, TimeSpan.Zero),
                (TimerPhase.FiveMinuteWarning, TimeSpan.FromMinutes(15)),
                (TimerPhase.OneMinuteWarning, TimeSpan.FromMinutes(19)),
                (TimerPhase.Ended, TimeSpan.FromMinutes(20)),
                (TimerPhase.Overrun, TimeSpan.FromMinutes(20) + TimeSpan.FromSeconds(1)),
            ],
            phases);
        var ended = Server.Stored.Single(e => e.BodyCase == EdgeEvent.BodyOneofCase.SessionEnded);
        Assert.Equal((SessionEndReason.OverrunLimit, 30 * 60), (ended.SessionEnded.Reason, ended.SessionEnded.ActualSeconds));
        Assert.Equal(startedAt + TimeSpan.FromMinutes(30), ended.OccurredAt.ToDateTimeOffset());

        // The wall timer got each phase with the time left at its start, then went off; the lights went back to idle.
        await EdgeHarness.Until(() => Task.FromResult(edge.Messages.Any(m => m.Topic == TimerTopic && m.Payload.Contains("\"mode\":\"off\"", StringComparison.Ordinal))), "the timer switched off");
        var shown = edge.Messages.Where(m => m.Topic == TimerTopic).Select(m => JsonDocument.Parse(m.Payload).RootElement)
            .Select(t => (Phase: t.TryGetProperty("phase", out var p) ? p.GetString() : null, Left: t.TryGetProperty("remaining_seconds", out var r) ? r.GetInt32() : (int?)null))
            .ToList();
        Assert.Equal(
            [("running", 1200), ("five_minute_warning", 300), ("one_minute_warning", 60), ("ended", 0), ("overrun", -1), (null, null)],
            shown.SkipWhile(t => t.Phase != "running"));
        Assert.Contains("\"brightness\":191", edge.Messages.Last(m => m.Topic == "zigbee2mqtt/sensory1-ceiling/set").Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_rooms_own_one_second_tick_runs_on_the_rooms_clock()
    {
        await using var edge = await StartConfiguredEdgeAsync();
        await edge.BadgeAsync(Olena);
        await edge.WaitForStateAsync("escort_present");

        // No tick of the test's this time: only the room's own periodic tick can notice that the window has closed.
        edge.Time.Advance(TimeSpan.FromSeconds(5));
        await EdgeHarness.Until(() => Task.FromResult(edge.Mode == "idle"), "the room's own tick closing the escort window");
    }

    private static List<string?> StatesOnMqtt(EdgeHarness edge) =>
        [.. edge.Messages.Where(m => m.Topic == StateTopic).Select(m => JsonDocument.Parse(m.Payload).RootElement.GetProperty("state").GetString())];
}

