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
}
