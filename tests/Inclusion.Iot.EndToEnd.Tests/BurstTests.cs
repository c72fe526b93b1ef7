using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Edge.Devices.Conventions;
using Inclusion.Iot.Testing;
using MQTTnet;

namespace Inclusion.Iot.EndToEnd.Tests;

/// <summary>
/// Issue 12: a 60-second burst at ten times a busy room's normal rate, through real Mosquitto to the edge (the JIT build,
/// and the shipped NativeAOT binary in test.sh's second run) and on to the server. The edge must neither die nor lose an
/// event.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class BurstTests(MosquittoFixture broker)
{
    /// <summary>
    /// The normal rate of a busy room, per second: its mmWave presence sensor reporting twice (Zigbee2MQTT passes on every
    /// attribute change of a sensor that sees people moving), the door opening or closing every 2 s and a badge read every
    /// 2 s (escorts and pupils coming and going at a change of lessons): 3 messages a second.
    /// </summary>
    private const int NormalPresencePerSecond = 2;

    private const double NormalDoorChangesPerSecond = 0.5;
    private const double NormalBadgesPerSecond = 0.5;
    private const int BurstFactor = 10;
    private const int BurstSeconds = 60;

    private const string Olena = "staff-olena";
    private const string Moth = "p-d3e9f7";

    [Fact]
    public async Task A_sixty_second_burst_at_ten_times_the_normal_rate_neither_stops_the_edge_nor_loses_an_event()
    {
        await using var system = new RoomSystem(broker);
        await system.StartServerAsync();
        await system.StartEdgeAsync();
        await system.WaitForEdgeConfigurationAsync();
        var outbox = new EdgeOutbox(system.EdgeDataDirectory);
        var before = (await outbox.EventsAsync()).Count;

        using var mqtt = new MqttClientFactory().CreateMqttClient();
        await mqtt.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(broker.Host, broker.Port).WithCredentials(broker.Username, broker.Password).Build());

        // At 10x: 20 presence reports, 5 door changes and 5 badge reads a second, interleaved in frames of 200 ms
        // (4 presence, 1 badge, 1 door), published on a fixed schedule for 60 s: 1,800 messages. Badges go round as in
        // bench/edge.sh (Olena in, Moth in for open use, Olena out: the last escort out ends the session), so every read
        // is a decision: one badge_accepted each; every door report is a change: one door_changed each.
        const int frameMessages = 6;
        var framesPerSecond = (int)(NormalBadgesPerSecond * BurstFactor);
        Assert.Equal(NormalPresencePerSecond * BurstFactor, framesPerSecond * 4);
        Assert.Equal((int)(NormalDoorChangesPerSecond * BurstFactor), framesPerSecond);
        var messages = framesPerSecond * frameMessages * BurstSeconds;
        var interval = TimeSpan.FromSeconds(1.0 / (framesPerSecond * frameMessages));
        (string Uid, string Holder)[] round = [("04A1B2C3", Olena), ("0411000C", Moth), ("04A1B2C3", Olena)];
        var badgesSent = new List<string>();
        var doorsSent = new List<bool>();
        var presenceTopic = Zigbee2MqttTopics.State("sensory1-presence");
        var doorTopic = Zigbee2MqttTopics.State("sensory1-door");
        var readerTopic = TasmotaTopics.Sensor("sensory1-reader");

        // Bounded by count and by time: it stops by itself after the last message, or at 75 s whatever happens.
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(BurstSeconds + 15));
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < messages; i++)
        {
            var due = interval * i;
            if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed, limit.Token);
            var slot = i % frameMessages;
            var (topic, payload) = slot switch
            {
                4 => (readerTopic, BadgeRead(Next(round, badgesSent))),
                5 => (doorTopic, DoorReport(NextDoor(doorsSent))),
                _ => (presenceTopic, PresenceReport(distance: 100 + (i % 200))),
            };
            await mqtt.PublishStringAsync(topic, payload, cancellationToken: limit.Token);
        }

        var published = clock.Elapsed;
        Assert.InRange(published, TimeSpan.FromSeconds(BurstSeconds - 1), TimeSpan.FromSeconds(BurstSeconds + 15));

        // Every decision the burst asked for is recorded (the last ones may still be in the queue for a moment).
        await system.WaitUntilAsync(
            async () => (await outbox.EventsAsync()).Count(e => e.BodyCase == EdgeEvent.BodyOneofCase.DoorChanged) >= doorsSent.Count,
            TimeSpan.FromSeconds(20),
            "every door change recorded");
        await system.WaitUntilAsync(
            async () => (await outbox.EventsAsync()).Count(e => e.BodyCase is EdgeEvent.BodyOneofCase.BadgeAccepted or EdgeEvent.BodyOneofCase.BadgeRefused) >= badgesSent.Count,
            TimeSpan.FromSeconds(20),
            "every badge decision recorded");

        // Alive and healthy: the process runs, the panel answers, MQTT is connected.
        Assert.False(system.Edge!.HasExited, $"The edge exited during the burst.\n{system.Logs}");
        var health = await system.Http.GetFromJsonAsync<JsonElement>(new Uri(system.PanelUrl, "/health"));
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.True(health.GetProperty("mqttConnected").GetBoolean(), $"MQTT is not connected after the burst.\n{system.Logs}");

        // Nothing lost and nothing doubled: each badge read is exactly one accepted decision, in order, each door report exactly
        // one change, in order.
        var events = await outbox.EventsAsync();
        var burst = events.Skip(before).ToList();
        Assert.Equal(badgesSent, burst.Where(e => e.BadgeAccepted is not null || e.BadgeRefused is not null).Select(e => e.BadgeAccepted?.HolderId ?? $"refused {e.BadgeRefused.HolderId} {e.BadgeRefused.Reason}"));
        Assert.Equal(doorsSent, burst.Where(e => e.DoorChanged is not null).Select(e => e.DoorChanged.Open));
        Assert.Equal(badgesSent.Count / round.Length, burst.Count(e => e.SessionStarted is not null));

        // The outbox numbers every event once, without a gap, and the server holds exactly those.
        var sequences = events.Select(e => e.Sequence).ToList();
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(s => (long)s), sequences);
        var server = new ServerRecords(system.ServerDatabase);
        await system.WaitUntilAsync(async () => await outbox.PendingCountAsync() == 0, TimeSpan.FromSeconds(30), "the outbox uploaded");
        var latest = await outbox.SequencesAsync();
        Assert.Equal(latest, await server.SequencesAsync(RoomSystem.EdgeId));

        // No warning or error from the edge: no rejected input, no failed record, no lost MQTT connection.
        Assert.True(system.EdgeProblems.Count == 0, $"The edge logged problems during the burst:\n{string.Join('\n', system.EdgeProblems)}");
        await mqtt.DisconnectAsync();
    }

    private static string Next((string Uid, string Holder)[] round, List<string> sent)
    {
        var (uid, holder) = round[sent.Count % round.Length];
        sent.Add(holder);
        return uid;
    }

    private static bool NextDoor(List<bool> sent)
    {
        var open = sent.Count % 2 == 0;
        sent.Add(open);
        return open;
    }

    private static string BadgeRead(string uid) =>
        $$$"""{"Time":"2026-12-01T09:00:00","RC522":{"UID":"{{{uid}}}","DATA":"","Sak":"08","Type":"MIFARE 1K"}}""";

    private static string PresenceReport(int distance) =>
        string.Create(CultureInfo.InvariantCulture, $$"""{"presence":true,"target_distance":{{distance}},"battery":97,"linkquality":120}""");

    private static string DoorReport(bool open) =>
        // Zigbee2MQTT's contact is true when closed.
        $$"""{"contact":{{(open ? "false" : "true")}},"battery":95,"linkquality":110}""";
}
