using System.Net;
using System.Text.Json;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Testing;

namespace Inclusion.Iot.Edge.Worker.Tests;

/// <summary>R-ESCORT's alarm on MQTT and the panel, and the fail-safe lock with its fire-alarm latch, on the fake room clock.</summary>
public sealed class SafetyHostTests() : EdgeHostTests("edge-safety")
{
    private const string Lock = "inclusion/room-sensory-1/device/door-lock/set";
    private const string Alert = "inclusion/room-sensory-1/alert";

    [Fact]
    public async Task Presence_without_an_escort_alarms_after_the_grace_an_escort_clears_it_and_the_lock_opens_only_for_the_badge()
    {
        await using var edge = await StartConfiguredEdgeAsync();
        await edge.PublishAsync("zigbee2mqtt/sensory1-presence", """{"occupancy":true}""");
        await EdgeHarness.Until(async () => (await edge.StateAsync()).GetProperty("occupied").ValueKind == JsonValueKind.True, "the room occupied");
        await edge.AdvanceAsync(TimeSpan.FromSeconds(19));
        Assert.Empty(Alerts(edge));
        await edge.AdvanceAsync(TimeSpan.FromSeconds(2));
        await EdgeHarness.Until(() => Task.FromResult(Alerts(edge).Count == 1), "the alert on MQTT");
        var raised = Alerts(edge)[0];
        Assert.Equal(1, raised.GetProperty("schema_version").GetInt32());
        Assert.Equal("unescorted_presence", raised.GetProperty("alert").GetString());
        Assert.True(raised.GetProperty("active").GetBoolean());
        var panel = await edge.StateAsync("uk");
        Assert.Equal("У кабінеті хтось без супровідника.", panel.GetProperty("alert").GetProperty("message").GetString());

        await edge.BadgeAsync("04A1B2C3");
        await EdgeHarness.Until(() => Task.FromResult(Alerts(edge).Count == 2), "the alert cleared on MQTT");
        Assert.False(Alerts(edge)[1].GetProperty("active").GetBoolean());
        await EdgeHarness.Until(() => Task.FromResult(LockStates(edge).LastOrDefault() == "released"), "the lock released for the escort");
        await edge.AdvanceAsync(TimeSpan.FromSeconds(5));
        await EdgeHarness.Until(() => Task.FromResult(LockStates(edge).LastOrDefault() == "held"), "the lock held again");

        await EdgeHarness.Until(() => Task.FromResult(Server.Stored.Any(e => e.AlertCleared is not null)), "the alert's end on the server");
        var cleared = Server.Stored.Single(e => e.AlertCleared is not null).AlertCleared;
        Assert.Equal((AlertKind.UnescortedPresence, "staff-olena"), (cleared.Kind, cleared.StaffId));
        Assert.Single(Server.Stored, e => e.AlertRaised is not null);
    }

    [Fact]
    public async Task The_fire_alarm_releases_the_lock_and_it_stays_released_until_a_person_resets_it_on_the_panel()
    {
        await using var edge = await StartConfiguredEdgeAsync();
        await edge.StartSessionAsync("04A1B2C3", "04110001");
        await edge.AdvanceAsync(TimeSpan.FromSeconds(6));
        await EdgeHarness.Until(() => Task.FromResult(LockStates(edge).LastOrDefault() == "held"), "the lock held in the session");

        await edge.PublishAsync("zigbee2mqtt/sensory1-fire", """{"smoke":true}""");
        await EdgeHarness.Until(() => Task.FromResult(LockStates(edge).LastOrDefault() == "released"), "the lock released by the alarm");
        using (var early = await edge.Http.PostAsync(new Uri("/api/fire-alarm/reset", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        }

        await edge.PublishAsync("zigbee2mqtt/sensory1-fire", """{"smoke":false}""");
        await EdgeHarness.Until(() => Task.FromResult(Server.Stored.Count(e => e.FireAlarmChanged is not null) == 2), "the alarm's end recorded");
        await edge.AdvanceAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("released", LockStates(edge).Last());
        Assert.True((await edge.StateAsync()).GetProperty("fireLatched").GetBoolean());

        using (var reset = await edge.Http.PostAsync(new Uri("/api/fire-alarm/reset", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        }

        await EdgeHarness.Until(() => Task.FromResult(LockStates(edge).LastOrDefault() == "held"), "the lock held after the reset");
        await EdgeHarness.Until(() => Task.FromResult(Server.Stored.Any(e => e.FireAlarmReset is not null)), "the reset on the server");
        Assert.Equal("session", edge.Mode);
    }

    [Fact]
    public async Task While_connected_the_edge_says_online_again_every_heartbeat_for_the_locks_fail_safe()
    {
        await using var edge = await StartConfiguredEdgeAsync("--Mqtt:HeartbeatSeconds=1");
        // The harness's client connects after the first "online"; every further one is a heartbeat.
        await EdgeHarness.Until(() => Task.FromResult(edge.Messages.Count(m => m.Topic == "inclusion/room-sensory-1/status" && m.Payload == "online") >= 3), "three heartbeats");
    }

    private static List<string?> LockStates(EdgeHarness edge) =>
        [.. edge.Messages.Where(m => m.Topic == Lock).Select(m => JsonDocument.Parse(m.Payload).RootElement.GetProperty("state").GetString())];

    private static List<JsonElement> Alerts(EdgeHarness edge) =>
        [.. edge.Messages.Where(m => m.Topic == Alert).Select(m => JsonDocument.Parse(m.Payload).RootElement)];
}
