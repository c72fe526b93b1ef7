using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Inclusion.Iot.Testing;
using MQTTnet;

namespace Inclusion.Iot.EndToEnd.Tests;

/// <summary>A group session survives a SIGKILL of the edge: same session, right remaining time, lights back, every event once.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class GroupSessionCrashTests(MosquittoFixture broker)
{
    private const string ReaderTopic = "tele/sensory1-reader/SENSOR";
    private const string Fox = "p-3f9a1c";
    private const string Bee = "p-c81f05";

    [Fact]
    public async Task A_group_session_continues_after_the_edge_is_killed_and_the_server_holds_every_event_once()
    {
        await using var system = new RoomSystem(broker);
        await system.StartServerAsync();
        await system.StartEdgeAsync();
        await system.WaitForEdgeConfigurationAsync();
        var lights = new ConcurrentQueue<(string Topic, string Payload)>();
        using var mqtt = new MqttClientFactory().CreateMqttClient();
        mqtt.ApplicationMessageReceivedAsync += e =>
        {
            lights.Enqueue((e.ApplicationMessage.Topic, e.ApplicationMessage.ConvertPayloadToString()));
            return Task.CompletedTask;
        };
        await mqtt.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(broker.Host, broker.Port).WithCredentials(broker.Username, broker.Password).Build());
        await mqtt.SubscribeAsync("zigbee2mqtt/sensory1-ceiling/set");

        // Olena brings Fox and Bee in together: a group session with Bee's dimmer, warmer scene.
        foreach (var uid in new[] { "04A1B2C3", "04110001", "04110003" })
        {
            await mqtt.PublishStringAsync(ReaderTopic, BadgeRead(uid));
            await system.WaitUntilAsync(async () => (await PanelAsync(system)).GetProperty("state").GetString() != "idle", TimeSpan.FromSeconds(15), "the badge taken");
        }

        await system.WaitUntilAsync(async () => (await PanelAsync(system)).GetProperty("pupils").GetArrayLength() == 2, TimeSpan.FromSeconds(15), "both pupils in the session");
        var before = await PanelAsync(system);
        var killedAt = DateTimeOffset.UtcNow;
        Assert.Equal("group", before.GetProperty("sessionKind").GetString());

        await system.KillEdgeAsync();
        lights.Clear();
        await system.StartEdgeAsync();

        var after = await PanelAsync(system);
        Assert.Equal("session", after.GetProperty("state").GetString());
        Assert.Equal(before.GetProperty("sessionId").GetString(), after.GetProperty("sessionId").GetString());
        Assert.Equal(["Fox", "Bee"], after.GetProperty("pupils").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(before.GetProperty("totalSeconds").GetInt32(), after.GetProperty("totalSeconds").GetInt32());
        var down = (int)Math.Ceiling((DateTimeOffset.UtcNow - killedAt).TotalSeconds);
        Assert.InRange(after.GetProperty("remainingSeconds").GetInt32(), before.GetProperty("remainingSeconds").GetInt32() - down - 1, before.GetProperty("remainingSeconds").GetInt32());
        // Bee's level (31 %, Zigbee 79) is the group's, and the restarted edge puts it back on the lights.
        await system.WaitUntilAsync(() => Task.FromResult(lights.Any(m => m.Payload.Contains("\"brightness\":79", StringComparison.Ordinal))), TimeSpan.FromSeconds(15), "the group's scene reasserted");

        await mqtt.PublishStringAsync(ReaderTopic, BadgeRead("04A1B2C3"));
        var session = await system.WaitForSessionAsync(s => Sessions.HasPupil(s, Bee) && Sessions.IsEnded(s), TimeSpan.FromSeconds(60), "the group session ended on the server");
        Assert.Equal("group", session.GetProperty("kind").GetString(), ignoreCase: true);
        Assert.Equal([Fox, Bee], Sessions.Strings(session, "pupilIds").Order(StringComparer.Ordinal));
        Assert.Single(await system.SessionsAsync(Fox));

        var outbox = new EdgeOutbox(system.EdgeDataDirectory);
        var server = new ServerRecords(system.ServerDatabase);
        await system.WaitUntilAsync(async () => await outbox.PendingCountAsync() == 0, TimeSpan.FromSeconds(30), "the outbox draining");
        var serverSequences = await server.SequencesAsync(RoomSystem.EdgeId);
        Assert.Equal(await outbox.SequencesAsync(), serverSequences);
        Assert.Equal(Enumerable.Range(1, serverSequences.Count).Select(i => (long)i), serverSequences);
        await mqtt.DisconnectAsync();
    }

    private static async Task<JsonElement> PanelAsync(RoomSystem system)
    {
        using var http = new HttpClient();
        return await http.GetFromJsonAsync<JsonElement>(new Uri(system.PanelUrl, "/api/state"));
    }

    private static string BadgeRead(string uid) =>
        $$$"""{"Time":"2026-12-01T09:00:00","RC522":{"UID":"{{{uid}}}","DATA":"","Sak":"08","Type":"MIFARE 1K"}}""";
}
