using System.Net.Http.Json;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Testing;

namespace Inclusion.Iot.EndToEnd.Tests;

/// <summary>firmware-sim's device scenarios through real Mosquitto to the edge and the server: occupancy fusion and device health.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class RoomDevicesScenarioTests(MosquittoFixture broker)
{
    [Fact]
    public async Task A_flapping_presence_sensor_behind_a_closed_door_is_one_occupancy_interval_on_the_server()
    {
        await using var system = new RoomSystem(broker);
        await system.StartServerAsync();
        await system.StartEdgeAsync();
        await system.WaitForEdgeConfigurationAsync();
        var outbox = new EdgeOutbox(system.EdgeDataDirectory);

        await system.PlayScenarioAsync("flapping-presence.json");

        // The person left at 17 s; the mmWave "not present" counts after the edge's debounce, then the interval ends.
        await system.WaitUntilAsync(
            async () => (await outbox.EventsAsync()).Any(e => e.BodyCase == EdgeEvent.BodyOneofCase.OccupancyIntervalEnded),
            TimeSpan.FromSeconds(30),
            "the end of the occupancy interval");
        var events = await outbox.EventsAsync();
        var started = Assert.Single(events, e => e.BodyCase == EdgeEvent.BodyOneofCase.OccupancyIntervalStarted);
        var ended = Assert.Single(events, e => e.BodyCase == EdgeEvent.BodyOneofCase.OccupancyIntervalEnded).OccupancyIntervalEnded;
        Assert.Equal(["presence"], started.OccupancyIntervalStarted.Sensors);
        Assert.Contains("door", ended.Sensors);
        Assert.Equal(started.OccurredAt, ended.StartedAt);
        // The contact's first report (closed, as the sim starts) and then the scenario's open, close, open, close.
        Assert.Equal([false, true, false, true, false], events.Where(e => e.BodyCase == EdgeEvent.BodyOneofCase.DoorChanged).Select(e => e.DoorChanged.Open));

        // Every one of them reaches the server, once.
        var server = new ServerRecords(system.ServerDatabase);
        await system.WaitUntilAsync(async () => await server.EventCountAsync() >= events.Count, TimeSpan.FromSeconds(30), "the events on the server");
        Assert.Equal(await outbox.SequencesAsync(), await server.SequencesAsync(RoomSystem.EdgeId));
    }

    [Fact]
    public async Task The_fire_alarm_releases_the_held_lock_within_two_seconds_and_it_stays_released_until_reset_on_the_panel()
    {
        await using var system = new RoomSystem(broker);
        await system.StartServerAsync();
        await system.StartEdgeAsync();
        await system.WaitForEdgeConfigurationAsync();

        // firmware-sim's lock checks the edge: held after the badge's unlock time, released within 2 s of the smoke,
        // still released after the all clear and the tap-out (the run fails otherwise).
        await system.PlayScenarioAsync("fire-alarm.json");

        using var http = new HttpClient();
        var state = await http.GetFromJsonAsync<System.Text.Json.JsonElement>(new Uri(system.PanelUrl, "/api/state"));
        Assert.True(state.GetProperty("fireLatched").GetBoolean());
        using (var reset = await http.PostAsync(new Uri(system.PanelUrl, "/api/fire-alarm/reset"), null))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, reset.StatusCode);
        }

        var outbox = new EdgeOutbox(system.EdgeDataDirectory);
        await system.WaitUntilAsync(async () => (await outbox.EventsAsync()).Any(e => e.FireAlarmReset is not null), TimeSpan.FromSeconds(10), "the reset recorded");
        var events = await outbox.EventsAsync();
        Assert.Equal([true, false], events.Where(e => e.FireAlarmChanged is not null).Select(e => e.FireAlarmChanged.Active));
    }
}
