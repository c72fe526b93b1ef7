using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Edge.Devices.Inputs;
using Inclusion.Iot.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Inclusion.Iot.Edge.Worker.Tests;

/// <summary>The edge host end to end in-process: embedded MQTTnet broker on a random port, a fake gRPC server.</summary>
public sealed class EdgeWorkerTests() : EdgeHostTests("edge-worker")
{
    private const string Olena = "04A1B2C3";
    private const string Fox = "04110001";

    [Fact]
    public async Task Badges_over_MQTT_start_a_session_with_the_pupils_scene_and_every_event_reaches_theServer_in_order()
    {
        await using var edge = await StartEdgeAsync();
        await WaitForConfigurationAsync(edge);

        await edge.StartSessionAsync(Olena, Fox);

        var state = await edge.StateAsync();
        Assert.Equal(["Olena P."], state.GetProperty("escorts").EnumerateArray().Select(e => e.GetString()));

        // The lights report their new state, as Zigbee2MQTT does after a /set; the edge reads it.
        await edge.PublishAsync("zigbee2mqtt/sensory1-ceiling", """{"state":"ON","brightness":180,"color_temp":300,"linkquality":90}""");
        await EdgeHarness.Until(async () => (await edge.StateAsync()).GetProperty("lights").TryGetProperty("ceiling-light", out var l) && l.GetProperty("brightnessPercent").GetInt32() == 71, "the ceiling light's reported state");
        Assert.Equal(["Fox"], state.GetProperty("pupils").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("running", state.GetProperty("phase").GetString());
        // The room's clock has not moved since Fox badged in: the full 20 minutes; the panel counts on the same clock.
        Assert.Equal(1200, state.GetProperty("remainingSeconds").GetInt32());
        await edge.AdvanceAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1190, (await edge.StateAsync()).GetProperty("remainingSeconds").GetInt32());

        await EdgeHarness.Until(() => Task.FromResult(edge.Messages.Any(m => m.Topic == "zigbee2mqtt/sensory1-mood/set" && m.Payload.Contains("\"brightness\":180", StringComparison.Ordinal))), "the session scene on the mood light");
        var light = JsonDocument.Parse(edge.Messages.Last(m => m.Topic == "zigbee2mqtt/sensory1-ceiling/set").Payload).RootElement;
        Assert.Equal(300, light.GetProperty("color_temp").GetInt32());
        Assert.Equal(3, light.GetProperty("transition").GetDouble());
        await EdgeHarness.Until(() => Task.FromResult(edge.Messages.Any(m => m.Topic == "inclusion/room-sensory-1/device/wall-timer/set" && m.Payload.Contains("countdown", StringComparison.Ordinal))), "the timer countdown");
        await EdgeHarness.Until(() => Task.FromResult(edge.Messages.Any(m => m.Topic == "inclusion/room-sensory-1/state" && m.Payload.Contains("\"state\":\"session\"", StringComparison.Ordinal))), "the published room state");

        await EdgeHarness.Until(() => Task.FromResult(edge.Messages.Any(m => m.Topic == "inclusion/room-sensory-1/event/session_started" && m.Payload.Contains("p-3f9a1c", StringComparison.Ordinal))), "the session_started event on MQTT");
        await EdgeHarness.Until(() => Task.FromResult(Server.Stored.Any(e => e.BodyCase == EdgeEvent.BodyOneofCase.SessionStarted)), "SessionStarted on the server");
        var stored = Server.Stored;
        Assert.Equal(Enumerable.Range(1, stored.Count).Select(i => (long)i), stored.Select(e => e.Sequence));
        Assert.Equal(EdgeEvent.BodyOneofCase.EdgeStarted, stored[0].BodyCase);
        var started = stored.Single(e => e.BodyCase == EdgeEvent.BodyOneofCase.SessionStarted).SessionStarted;
        Assert.Equal(["p-3f9a1c"], started.PupilIds);
        Assert.Equal(["staff-olena"], started.EscortStaffIds);
        Assert.Equal(SessionKind.Individual, started.Kind);
        Assert.Equal(["pe-fox"], started.ProgrammeEntryIds);
        Assert.All(stored, e => Assert.Equal("room-sensory-1", e.RoomId));
        // Edge clocks: every upload says the edge's monotonic clock at sending, never before its events'.
        Assert.All(Server.UploadMonotonicMs, u => Assert.True(u.Sent >= u.LatestEvent, $"sent_monotonic_ms {u.Sent}, latest event {u.LatestEvent}"));
    }

    [Fact]
    public async Task Mosquitto_clients_without_a_client_id_can_watch_the_embedded_broker()
    {
        // The README's `mosquitto_sub -t '#'` connects with an empty client id (MQTT 3.1.1, clean session).
        await using var edge = await StartEdgeAsync();
        var output = await ChildProcess.RunAsync(
            "/usr/bin/mosquitto_sub",
            ["-h", "127.0.0.1", "-p", edge.MqttPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-t", "inclusion/+/state", "-C", "1", "-W", "10"],
            TimeSpan.FromSeconds(20));
        Assert.Contains("\"room_id\":\"room-sensory-1\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_outbox_cannot_record_nothing_happens_the_panel_says_so_and_nothing_is_lost()
    {
        await using var edge = await StartEdgeAsync();
        // The failed end, and whatever else touches the damaged outbox meanwhile: the uploader and the sync's alignment.
        edge.Logs.ExpectError("LogRecordFailed").ExpectError("Outbox upload iteration failed (SqliteException)").ExpectError("Configuration sync iteration failed (SqliteException)");
        await WaitForConfigurationAsync(edge);
        await edge.StartSessionAsync(Olena, Fox);

        // The outbox breaks under the running edge (a damaged database, as far as the edge can tell).
        await ExecuteOnOutboxAsync(edge, "ALTER TABLE outbox RENAME TO outbox_damaged");
        using (var response = await edge.Http.PostAsync(new Uri("/api/session/end?culture=uk", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.False(body.GetProperty("done").GetBoolean());
            Assert.StartsWith("Кабінет не зміг записати", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        // Not on record, so not done: the session goes on and its lights stay as they were.
        Assert.Equal("session", (await edge.StateAsync()).GetProperty("state").GetString());

        // Repaired, the same button works and every event reaches the server once, in order.
        await ExecuteOnOutboxAsync(edge, "ALTER TABLE outbox_damaged RENAME TO outbox");

        // Barrier: a later decision's event, published by the edge after anything the failed end could have sent.
        await edge.PublishAsync("zigbee2mqtt/sensory1-door", """{"contact":false}""");
        await EdgeHarness.Until(() => Task.FromResult(edge.Messages.Any(m => m.Topic == "inclusion/room-sensory-1/event/door_changed")), "the door event");
        var beforeDoor = edge.Messages.TakeWhile(m => m.Topic != "inclusion/room-sensory-1/event/door_changed").ToList();
        Assert.Contains("\"mode\":\"countdown\"", beforeDoor.Last(m => m.Topic == "inclusion/room-sensory-1/device/wall-timer/set").Payload, StringComparison.Ordinal);
        Assert.Contains("\"brightness\":180", beforeDoor.Last(m => m.Topic == "zigbee2mqtt/sensory1-ceiling/set").Payload, StringComparison.Ordinal);
        Assert.DoesNotContain(beforeDoor, m => m.Topic == "inclusion/room-sensory-1/event/session_ended");
        using (var response = await edge.Http.PostAsync(new Uri("/api/session/end", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await EdgeHarness.Until(() => Task.FromResult(Server.Stored.Any(e => e.BodyCase == EdgeEvent.BodyOneofCase.SessionEnded)), "SessionEnded on the server");
        var sequences = Server.Stored.Select(e => e.Sequence).ToList();
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
        Assert.Single(Server.Stored, e => e.BodyCase == EdgeEvent.BodyOneofCase.SessionStarted);
    }

    private static async Task ExecuteOnOutboxAsync(EdgeHarness edge, string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(edge.DataDirectory, "edge.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task The_panel_ends_the_session_and_the_room_returns_to_the_idle_scene()
    {
        await using var edge = await StartEdgeAsync();
        await WaitForConfigurationAsync(edge);
        await edge.StartSessionAsync(Olena, Fox);

        using (var response = await edge.Http.PostAsync(new Uri("/api/session/end", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal("idle", (await edge.StateAsync()).GetProperty("state").GetString());
        using (var again = await edge.Http.PostAsync(new Uri("/api/session/end", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        await EdgeHarness.Until(() => Task.FromResult(edge.Messages.Any(m => m.Topic == "inclusion/room-sensory-1/device/wall-timer/set" && m.Payload.Contains("\"mode\":\"off\"", StringComparison.Ordinal))), "the timer switched off");
        await EdgeHarness.Until(() => Task.FromResult(Server.Stored.Any(e => e.BodyCase == EdgeEvent.BodyOneofCase.SessionEnded)), "SessionEnded on the server");
        Assert.Equal(Contracts.Edge.V1.SessionEndReason.EndedOnPanel, Server.Stored.Single(e => e.BodyCase == EdgeEvent.BodyOneofCase.SessionEnded).SessionEnded.Reason);
        // The idle scene waits out the light's one change a second (the session began under a second ago).
        await edge.AdvanceAsync(TimeSpan.FromSeconds(1));
        await EdgeHarness.Until(() => Task.FromResult(edge.Messages.LastOrDefault(m => m.Topic == "zigbee2mqtt/sensory1-ceiling/set").Payload?.Contains("\"brightness\":191", StringComparison.Ordinal) == true), "the idle scene on the ceiling light");
        var lastLight = edge.Messages.Last(m => m.Topic == "zigbee2mqtt/sensory1-ceiling/set").Payload;
        Assert.Contains("\"color_temp\":333", lastLight, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_badge_read_is_recorded_and_never_acted_on()
    {
        // Batches of one: the uploader still delivers everything in ascending order.
        await using var edge = new EdgeHarness(Scratch.CreateSubdirectory("malformed"), FreeTcpPort.Next(), Server.Url, extraArgs: ["--Server:UploadBatchSize=1"]);
        await edge.StartAsync();
        await WaitForConfigurationAsync(edge);

        await edge.PublishAsync("tele/sensory1-reader/SENSOR", "{\"RC522\": garbage");
        await edge.PublishAsync("zigbee2mqtt/sensory1-presence", "{\"occupancy\":\"maybe\"}");

        await EdgeHarness.Until(() => Task.FromResult(Server.Stored.Count(e => e.BodyCase == EdgeEvent.BodyOneofCase.DeviceInputRejected) == 2), "two DeviceInputRejected events");
        var rejected = Server.Stored.Where(e => e.BodyCase == EdgeEvent.BodyOneofCase.DeviceInputRejected).Select(e => e.DeviceInputRejected).ToList();
        Assert.Equal(["entry-reader", "presence"], rejected.Select(r => r.Device));
        Assert.Equal("tele/sensory1-reader/SENSOR", rejected[0].Topic);
        Assert.False(string.IsNullOrEmpty(rejected[0].Reason));
        Assert.Equal("idle", (await edge.StateAsync()).GetProperty("state").GetString());
        Assert.Equal(Enumerable.Range(1, Server.Stored.Count).Select(i => (long)i), Server.Stored.Select(e => e.Sequence));

        // Still alive and still reading good input.
        await edge.BadgeAsync(Olena);
        await edge.WaitForStateAsync("escort_present");
    }

    [Fact]
    public async Task Without_a_configuration_badges_are_refused_and_the_panel_says_why_in_the_users_language()
    {
        Server.Available = false;
        await using var edge = await StartEdgeAsync();

        await edge.BadgeAsync(Olena);
        await EdgeHarness.Until(async () => (await edge.StateAsync()).TryGetProperty("lastRefusal", out var r) && r.ValueKind == JsonValueKind.Object, "a refusal");
        var state = await edge.StateAsync("uk");
        Assert.Equal("NO_CONFIGURATION", state.GetProperty("lastRefusal").GetProperty("reason").GetString());
        Assert.Equal("Кімната ще не отримала налаштування від сервера.", state.GetProperty("lastRefusal").GetProperty("message").GetString());
        Assert.Equal("idle", state.GetProperty("state").GetString());
    }

    [Fact]
    public async Task With_theServer_down_nothing_is_lost_and_a_fresh_outbox_continues_after_theServers_sequence()
    {
        // First run: fetch the configuration (cached on disk), then stop.
        var data = Scratch.CreateSubdirectory("offline");
        await using (var first = await StartEdgeAsync(data))
        {
            await WaitForConfigurationAsync(first);
        }

        // The server is replaced by one that already holds 100 events of this edge and is down; the outbox is new.
        File.Delete(Path.Combine(data, "edge.db"));
        Server.Available = false;
        Server.HighWater = 100;
        var before = Server.Stored.Count;
        await using var edge = await StartEdgeAsync(data);

        await edge.StartSessionAsync(Olena, Fox);
        Assert.Equal(before, Server.Stored.Count);

        Server.Available = true;
        await EdgeHarness.Until(() => Task.FromResult(Server.Stored.Skip(before).Any(e => e.BodyCase == EdgeEvent.BodyOneofCase.SessionStarted)), "the offline session reaching the server");
        var uploaded = Server.Stored.Skip(before).ToList();
        Assert.Equal(101, uploaded[0].Sequence);
        Assert.Equal(EdgeEvent.BodyOneofCase.EdgeStarted, uploaded[0].BodyCase);
        Assert.Equal(Enumerable.Range(101, uploaded.Count).Select(i => (long)i), uploaded.Select(e => e.Sequence));
    }

    [Fact]
    public async Task A_running_session_survives_an_edge_restart()
    {
        var data = Scratch.CreateSubdirectory("restart");
        string sessionId;
        FakeTimeProvider clock;
        await using (var edge = await StartEdgeAsync(data))
        {
            await WaitForConfigurationAsync(edge);
            await edge.StartSessionAsync(Olena, Fox);
            await edge.AdvanceAsync(TimeSpan.FromMinutes(5));
            sessionId = (await edge.StateAsync()).GetProperty("sessionId").GetString()!;
            clock = edge.Time;
        }

        // The same room clock, a minute later: the edge was down for a minute.
        clock.Advance(TimeSpan.FromMinutes(1));
        await using var broker = new InProcessMqttBroker();
        await broker.StartAsync();
        await using var restarted = new EdgeHarness(data, broker.Port, Server.Url, embeddedBroker: false, time: clock);
        await restarted.StartAsync();
        var state = await restarted.StateAsync();
        Assert.Equal("session", state.GetProperty("state").GetString());
        Assert.Equal(sessionId, state.GetProperty("sessionId").GetString());
        Assert.Equal(14 * 60, state.GetProperty("remainingSeconds").GetInt32());
        await EdgeHarness.Until(() => Task.FromResult(restarted.Messages.Any(m => m.Topic == "zigbee2mqtt/sensory1-ceiling/set" && m.Payload.Contains("\"brightness\":180", StringComparison.Ordinal))), "the session scene reasserted after restart");

        // The escort taps out on the restarted edge; the server gets every event once, in order.
        await restarted.BadgeAsync(Olena);
        await restarted.WaitForStateAsync("idle");
        await EdgeHarness.Until(() => Task.FromResult(Server.Stored.Any(e => e.BodyCase == EdgeEvent.BodyOneofCase.SessionEnded)), "SessionEnded on the server");
        var stored = Server.Stored;
        Assert.Equal(Enumerable.Range(1, stored.Count).Select(i => (long)i), stored.Select(e => e.Sequence));
        Assert.Equal(2, stored.Count(e => e.BodyCase == EdgeEvent.BodyOneofCase.EdgeStarted));
        var ended = stored.Single(e => e.BodyCase == EdgeEvent.BodyOneofCase.SessionEnded).SessionEnded;
        Assert.Equal(sessionId, ended.SessionId);
        Assert.Equal(Contracts.Edge.V1.SessionEndReason.EscortBadgedOut, ended.Reason);
        Assert.Equal("staff-olena", ended.EndedByStaffId);
        Assert.Equal(6 * 60, ended.ActualSeconds);
    }

    [Theory]
    [InlineData("uk-UA", "uk", "Завершити заняття")]
    [InlineData("ru-RU,en-US;q=0.5", "ru", "Завершить занятие")]
    [InlineData("de-DE,de;q=0.9,uk-UA;q=0.5", "uk", "Завершити заняття")]
    [InlineData("de-DE,fr;q=0.5", "en", "End session")]
    public async Task A_browser_gets_the_first_of_its_languages_the_edge_speaks(string acceptLanguage, string lang, string endSession)
    {
        // The edge runs without ICU, where the runtime would fall back from uk-UA to the invariant culture, not to uk.
        await using var edge = await StartEdgeAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        using var response = await edge.Http.SendAsync(request);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains($"<html lang=\"{lang}\">", page, StringComparison.Ordinal);
        Assert.Contains(endSession, page, StringComparison.Ordinal);

        using var stateRequest = new HttpRequestMessage(HttpMethod.Get, "/api/state");
        stateRequest.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        using var state = await edge.Http.SendAsync(stateRequest);
        using var json = System.Text.Json.JsonDocument.Parse(await state.Content.ReadAsStringAsync());
        Assert.Equal(lang, json.RootElement.GetProperty("culture").GetString());
    }

    [Fact]
    public async Task The_panel_page_health_and_state_are_served_and_localised()
    {
        await using var edge = await StartEdgeAsync();
        var health = await edge.Http.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        var uk = await edge.Http.GetStringAsync(new Uri("/?culture=uk", UriKind.Relative));
        Assert.Contains("<html lang=\"uk\">", uk, StringComparison.Ordinal);
        Assert.Contains("Завершити заняття", uk, StringComparison.Ordinal);
        Assert.Contains("id=\"end-session\"", uk, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", uk.Replace("http://127.0.0.1", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.AcceptLanguage.ParseAdd("ru-RU");
        using var ru = await edge.Http.SendAsync(request);
        Assert.Contains("Завершить занятие", await ru.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var en = await edge.Http.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains("<html lang=\"en\">", en, StringComparison.Ordinal);
        Assert.Contains("End session", en, StringComparison.Ordinal);

        var state = await edge.StateAsync("ru");
        Assert.Equal("room-sensory-1", state.GetProperty("roomId").GetString());
        Assert.Equal("Свободна", state.GetProperty("stateText").GetString());
        Assert.Equal("ru", state.GetProperty("culture").GetString());
    }

    [Fact]
    public async Task The_edge_reconnects_and_resubscribes_after_the_broker_restarts()
    {
        await using var broker = new InProcessMqttBroker();
        await broker.StartAsync();
        await using var edge = new EdgeHarness(Scratch.CreateSubdirectory("reconnect"), broker.Port, Server.Url, embeddedBroker: false);
        await edge.StartAsync();
        await WaitForConfigurationAsync(edge);
        var connection = edge.Services.GetRequiredService<Mqtt.MqttConnection>();
        Assert.Equal(1, connection.ConnectCount);

        await broker.StopAsync();
        await EdgeHarness.Until(() => Task.FromResult(!connection.IsConnected), "the edge noticing the broker is gone");
        await broker.StartAsync();
        await EdgeHarness.Until(() => Task.FromResult(connection.ConnectCount == 2 && connection.IsConnected), "the edge reconnecting");

        await edge.ConnectClientAsync();
        await edge.BadgeAsync(Olena);
        await edge.WaitForStateAsync("escort_present");
        var health = await edge.Http.GetFromJsonAsync<JsonElement>(new Uri("/health", UriKind.Relative));
        Assert.True(health.GetProperty("mqttConnected").GetBoolean());
    }

    [Fact]
    public async Task A_device_offline_and_a_low_battery_are_health_events_shown_plainly_on_the_panel_and_in_the_room_state()
    {
        await using var edge = await StartEdgeAsync();
        await edge.PublishAsync("zigbee2mqtt/sensory1-ceiling/availability", """{"state":"offline"}""");
        await edge.PublishAsync("zigbee2mqtt/sensory1-presence", """{"occupancy":false,"battery":9,"linkquality":41,"illuminance":12}""");

        await EdgeHarness.Until(() => Task.FromResult(Server.Stored.Count(e => e.BodyCase == EdgeEvent.BodyOneofCase.DeviceHealthChanged) == 2), "two health events on the server");
        var offline = Server.Stored.Single(e => e.DeviceHealthChanged is { Device: "ceiling-light" }).DeviceHealthChanged;
        Assert.Equal((DeviceHealthStatus.Offline, "zigbee2mqtt availability: offline"), (offline.Status, offline.Reason));
        var battery = Server.Stored.Single(e => e.DeviceHealthChanged is { Device: "presence" }).DeviceHealthChanged;
        Assert.Equal((DeviceHealthStatus.LowBattery, 9, 41), (battery.Status, battery.BatteryPercent, battery.LinkQuality));

        var devices = (await edge.StateAsync("uk")).GetProperty("devicesWithProblems").EnumerateArray()
            .Select(d => (d.GetProperty("name").GetString(), d.GetProperty("status").GetString(), d.GetProperty("statusText").GetString())).ToList();
        Assert.Equal([("ceiling-light", "offline", "не в мережі"), ("presence", "low_battery", "батарея розряджена")], devices);
        await EdgeHarness.Until(
            () => Task.FromResult(edge.Messages.Any(m => m.Topic == "inclusion/room-sensory-1/state" && m.Payload.Contains("\"devices_with_problems\":[\"ceiling-light\",\"presence\"]", StringComparison.Ordinal))),
            "the problems in the retained room state");

        // Back online: the light gets the room's scene again and leaves the list; the battery stays low until replaced.
        await edge.PublishAsync("zigbee2mqtt/sensory1-ceiling/availability", """{"state":"online"}""");
        await EdgeHarness.Until(async () => (await edge.StateAsync()).GetProperty("devicesWithProblems").GetArrayLength() == 1, "the light back");
    }

    [Fact]
    public async Task Inputs_from_every_source_are_decided_one_at_a_time_and_their_effects_go_out_in_the_order_they_were_recorded()
    {
        await using var edge = await StartEdgeAsync();
        await WaitForConfigurationAsync(edge);
        var random = new Random(7);

        // Wired inputs report from their own threads, MQTT devices through the broker, the panel over HTTP, the tick on its
        // own: the room's clock moves in tenths of a second (2.5 s in all, inside the 5 s escort window), each step
        // firing the room's own tick when it crosses a second and a tick of the test's.
        var wired = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++) await edge.Room.ReportAsync(new DoorInput("door", (i + worker) % 2 == 0), CancellationToken.None);
        })).ToList();
        var mqtt = Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++) await edge.PublishAsync("zigbee2mqtt/sensory1-door", random.Next(2) == 0 ? """{"contact":true}""" : """{"contact":false}""");
        });
        var ticks = Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++) await edge.AdvanceAsync(TimeSpan.FromMilliseconds(100));
        });
        await edge.StartSessionAsync(Olena, Fox);
        using (var end = await edge.Http.PostAsync(new Uri("/api/session/end", UriKind.Relative), null)) Assert.Equal(HttpStatusCode.OK, end.StatusCode);
        await Task.WhenAll([.. wired, mqtt, ticks]);

        // Barrier: the wired reports, the panel and the ticks have been decided (awaited above), but door messages may
        // still be on their way through the broker. A marker goes the same way behind them: an unreadable badge read,
        // the only input here that records DeviceInputRejected, so its event is the room's last one. Once it is on MQTT,
        // every earlier event is (one publisher, in order); once it is on the server, so is everything before it.
        await edge.PublishAsync("tele/sensory1-reader/SENSOR", "{\"RC522\": marker");
        await EdgeHarness.Until(() => Task.FromResult(edge.Messages.Any(m => m.Topic == "inclusion/room-sensory-1/event/device_input_rejected")), "the marker's event on MQTT");
        await EdgeHarness.Until(() => Task.FromResult(Server.Stored.Any(e => e.BodyCase == EdgeEvent.BodyOneofCase.DeviceInputRejected)), "the marker's event on the server");

        var recorded = Server.Stored.Where(e => e.BodyCase != EdgeEvent.BodyOneofCase.EdgeStarted).Select(e => Sync.EventMapper.Kind(e)).ToList();
        var stream = edge.Messages.ToList();
        var published = stream.Where(m => m.Topic.StartsWith("inclusion/room-sensory-1/event/", StringComparison.Ordinal)).Select(m => m.Topic[(m.Topic.LastIndexOf('/') + 1)..]).ToList();
        Assert.True(recorded.Count(k => k == "door_changed") > 10, "the interleaving produced door changes");
        Assert.Equal("device_input_rejected", recorded[^1]);
        Assert.Equal(recorded, published);
        var doorFlags = Server.Stored.Where(e => e.DoorChanged is not null).Select(e => e.DoorChanged.Open).ToList();
        Assert.Equal(doorFlags, stream.Where(m => m.Topic.EndsWith("/event/door_changed", StringComparison.Ordinal)).Select(m => m.Payload.Contains("\"open\":true", StringComparison.Ordinal)).ToList());

        // The lights follow the decisions in order: the session scene, then the idle scene, and nothing after it. (A change
        // within a second of the last may wait for its second: the light's limit of one change a second.)
        await edge.AdvanceAsync(TimeSpan.FromSeconds(1));
        await EdgeHarness.Until(() => Task.FromResult(edge.Messages.LastOrDefault(m => m.Topic == "zigbee2mqtt/sensory1-ceiling/set").Payload?.Contains("\"brightness\":191", StringComparison.Ordinal) == true), "the idle scene after the session");
        stream = edge.Messages.ToList();
        var ceiling = stream.Where(m => m.Topic == "zigbee2mqtt/sensory1-ceiling/set").Select(m => m.Payload).ToList();
        var sessionScene = ceiling.FindIndex(p => p.Contains("\"brightness\":180", StringComparison.Ordinal));
        Assert.True(sessionScene >= 0, "the session scene was sent");
        Assert.Equal(sessionScene + 1, ceiling.Count - 1);
        var started = stream.FindIndex(m => m.Topic.EndsWith("/event/session_started", StringComparison.Ordinal));
        Assert.True(stream.FindLastIndex(m => m.Topic == "zigbee2mqtt/sensory1-ceiling/set") > started, "the idle scene came after the session began");
    }

    private async Task<EdgeHarness> StartEdgeAsync(string? data = null)
    {
        var port = FreeTcpPort.Next();
        var edge = new EdgeHarness(data ?? Scratch.CreateSubdirectory(Guid.NewGuid().ToString("N")), port, Server.Url);
        await edge.StartAsync();
        return edge;
    }

    private static async Task WaitForConfigurationAsync(EdgeHarness edge) =>
        await EdgeHarness.Until(async () => (await edge.StateAsync()).GetProperty("configurationVersion").GetInt64() == 3, "the configuration snapshot");
}
