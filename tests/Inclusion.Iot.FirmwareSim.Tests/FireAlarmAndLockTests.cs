using System.Globalization;
using System.Text;
using Inclusion.Iot.Edge.Devices.Conventions;
using Inclusion.Iot.Edge.Devices.Inclusion;
using Inclusion.Iot.Edge.Devices.Inputs;
using Inclusion.Iot.Edge.Devices.Zigbee2Mqtt;
using Inclusion.Iot.FirmwareSim.Configuration;
using Inclusion.Iot.FirmwareSim.Devices;
using Inclusion.Iot.FirmwareSim.Scenarios;
using Inclusion.Iot.Testing;
using Microsoft.Extensions.Time.Testing;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Inclusion.Iot.FirmwareSim.Tests;

/// <summary>The fire-alarm smoke detector and the ESP door lock: payloads, in the shapes the edge reads and sends.</summary>
public sealed class FireAlarmAndLockPayloadTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_smoke_payload_is_Zigbee2MQTTs_and_the_edge_reads_it_as_the_fire_alarm(bool smoke)
    {
        var payload = FireAlarmSensor.StatePayload(smoke, 100, 120);
        Assert.Equal($$"""{"smoke":{{(smoke ? "true" : "false")}},"battery":100,"linkquality":120}""", payload);
        var detector = new Zigbee2MqttSmokeDetector("fire-alarm", "sensory1-fire");
        var input = Assert.IsType<FireAlarmInput>(detector.Read(Zigbee2MqttTopics.State("sensory1-fire"), Encoding.UTF8.GetBytes(payload)));
        Assert.Equal(("fire-alarm", smoke), (input.Device, input.Active));
    }

    [Theory]
    [InlineData(InclusionDoorLock.Held, true)]
    [InlineData(InclusionDoorLock.Released, false)]
    public void The_lock_accepts_the_edges_own_commands_and_reports_in_the_same_shape(string state, bool held)
    {
        var command = Encoding.UTF8.GetString(InclusionDoorLock.Command(state));
        Assert.True(DoorLock.TryParse(command, out var parsed, out var problem), problem);
        Assert.Equal(held, parsed);
        Assert.Equal(command, DoorLock.StatePayload(held));
        Assert.Equal($$"""{"schema_version":1,"state":"{{state}}"}""", DoorLock.StatePayload(held));
    }

    [Theory]
    [InlineData("not json", "")]
    [InlineData("""{"schema_version":1}""", "")]
    [InlineData("""{"schema_version":2,"state":"held"}""", "schema_version")]
    [InlineData("""{"schema_version":1,"state":"locked"}""", "state")]
    [InlineData("""{"schema_version":1,"state":"HELD"}""", "state")]
    [InlineData("null", "(root)")]
    public void Malformed_lock_commands_are_refused_naming_the_key(string payload, string key)
    {
        Assert.False(DoorLock.TryParse(payload, out _, out var problem));
        Assert.StartsWith(key, problem, StringComparison.Ordinal);
    }
}

/// <summary>The smoke detector and the door lock against the in-process broker, the lock's fail-safe on a fake clock.</summary>
public sealed class FireAlarmAndLockTests(InProcessMqttBroker broker) : IClassFixture<InProcessMqttBroker>
{
    private const string Room = "room-sensory-1";
    private static readonly string FireTopic = Zigbee2MqttTopics.State("sensory1-fire");
    private static readonly string LockSet = RoomTopics.DeviceSet(Room, "door-lock");
    private static readonly string LockState = RoomTopics.DeviceState(Room, "door-lock");
    private static readonly string EdgeStatus = RoomTopics.EdgeStatus(Room);

    private sealed class Rig : IAsyncDisposable
    {
        public required Simulator Sim { get; init; }
        public required Probe Probe { get; init; }
        public required CapturedOutput Output { get; init; }
        public required FakeTimeProvider Clock { get; init; }

        public DoorLock Lock => Sim.Lock();

        public List<string> On(string topic) => [.. Probe.Messages.Where(m => m.Topic == topic).Select(m => m.Payload)];

        public async ValueTask DisposeAsync()
        {
            await Sim.StopAsync(CancellationToken.None);
            await Sim.DisposeAsync();
            await Probe.DisposeAsync();
        }
    }

    private async Task<Rig> StartAsync(TimeSpan? lockTimeout = null)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        var output = new CapturedOutput();
        var probe = await Probe.ConnectAsync("127.0.0.1", broker.Port);
        var sim = new Simulator(
            RoomConfig.Load(RepositoryLayout.DemoRoomFile), BadgeBook.Load(Paths.Scenario("badges.json")),
            new MqttSettings("127.0.0.1", broker.Port) { ConnectTimeout = TimeSpan.FromSeconds(5) }, output.Output, clock, lockTimeout);
        await sim.StartAsync([], CancellationToken.None);
        await probe.WaitForAsync(LockState, p => p == DoorLock.StatePayload(false));
        return new Rig { Sim = sim, Probe = probe, Output = output, Clock = clock };
    }

    /// <summary>A client standing in for the edge; with <paramref name="will"/>, its MQTT last will is the edge's: status <c>offline</c>, retained.</summary>
    private async Task<IMqttClient> EdgeAsync(bool will = false)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithClientId("edge-" + Guid.NewGuid().ToString("N")[..8])
            .WithProtocolVersion(MqttProtocolVersion.V500);
        if (will) options = options.WithWillTopic(EdgeStatus).WithWillPayload(RoomTopics.Offline).WithWillRetain();
        await client.ConnectAsync(options.Build());
        return client;
    }

    private static Task PublishAsync(IMqttClient client, string topic, string payload, bool retain = false) =>
        client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(Encoding.UTF8.GetBytes(payload))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build());

    /// <summary>Leaves no retained edge status or lock command behind for the next test.</summary>
    private static async Task ClearRetainedAsync(IMqttClient client)
    {
        foreach (var topic in new[] { EdgeStatus, LockSet })
        {
            await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload([]).WithRetainFlag().Build());
        }
    }

    private static async Task HoldAsync(Rig rig, IMqttClient edge)
    {
        var before = rig.On(LockState).Count;
        await PublishAsync(edge, LockSet, Encoding.UTF8.GetString(InclusionDoorLock.Command(InclusionDoorLock.Held)));
        await WaitUntilAsync(() => rig.On(LockState).Skip(before).Contains(DoorLock.StatePayload(true)));
        Assert.True(rig.Lock.IsHeld);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException();
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task The_smoke_detector_starts_retained_with_no_smoke_and_reports_the_alarm()
    {
        await using var rig = await StartAsync();
        await using var late = await Probe.ConnectAsync("127.0.0.1", broker.Port);
        var availability = await late.WaitForAsync(Zigbee2MqttTopics.Availability("sensory1-fire"));
        Assert.Equal(("""{"state":"online"}""", true), (availability.Payload, availability.Retained));
        var start = await late.WaitForAsync(FireTopic);
        Assert.True(start.Retained);
        Assert.StartsWith("""{"smoke":false,"battery":100,"linkquality":""", start.Payload, StringComparison.Ordinal);

        await rig.Sim.SetFireAlarmAsync(true, null, CancellationToken.None);
        var alarm = await rig.Probe.WaitForAsync(FireTopic, p => p.Contains("\"smoke\":true", StringComparison.Ordinal));
        Assert.StartsWith("""{"smoke":true,"battery":100,"linkquality":""", alarm.Payload, StringComparison.Ordinal);
        await rig.Sim.SetFireAlarmAsync(false, "fire-alarm", CancellationToken.None);
        await rig.Probe.WaitForAsync(FireTopic, p => p.StartsWith("""{"smoke":false""", StringComparison.Ordinal) && rig.On(FireTopic).Count >= 3);
        Assert.Contains("[fire-alarm] smoke true (fire alarm active)", rig.Output.Text, StringComparison.Ordinal);
        Assert.Contains("[fire-alarm] smoke false (fire alarm clear)", rig.Output.Text, StringComparison.Ordinal);
        // Late subscribers see the latest, as Zigbee2MQTT retains it.
        await using var later = await Probe.ConnectAsync("127.0.0.1", broker.Port);
        Assert.StartsWith("""{"smoke":false""", (await later.WaitForAsync(FireTopic)).Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_lock_starts_released_online_and_follows_held_and_released_commands_reporting_each()
    {
        await using var rig = await StartAsync();
        await using var late = await Probe.ConnectAsync("127.0.0.1", broker.Port);
        var availability = await late.WaitForAsync(RoomTopics.DeviceAvailability(Room, "door-lock"));
        Assert.Equal(("online", true), (availability.Payload, availability.Retained));
        var first = await late.WaitForAsync(LockState);
        Assert.Equal(("""{"schema_version":1,"state":"released"}""", true), (first.Payload, first.Retained));
        Assert.False(rig.Lock.IsHeld);

        var edge = await EdgeAsync();
        try
        {
            var before = rig.On(LockState).Count;
            await HoldAsync(rig, edge);
            await rig.Output.WaitForAsync("[door-lock] held (the door is held against entry)");
            await PublishAsync(edge, LockSet, """{"schema_version":1,"state":"released"}""");
            await WaitUntilAsync(() => rig.On(LockState)[^1] == DoorLock.StatePayload(false));
            await rig.Output.WaitForAsync("[door-lock] released (the door is free)");
            Assert.False(rig.Lock.IsHeld);

            await PublishAsync(edge, LockSet, """{"schema_version":1,"state":"open sesame"}""");
            await rig.Output.WaitForAsync("[door-lock] ignored a malformed command");
            Assert.Equal("released", rig.Lock.State);
            // One report per command; none for the malformed one.
            await Task.Delay(200);
            Assert.Equal([DoorLock.StatePayload(true), DoorLock.StatePayload(false)], rig.On(LockState).Skip(before));
        }
        finally
        {
            edge.Dispose();
        }
    }

    [Fact]
    public async Task The_lock_releases_by_itself_when_the_edges_last_will_arrives()
    {
        await using var rig = await StartAsync();
        var edge = await EdgeAsync(will: true);
        try
        {
            await PublishAsync(edge, EdgeStatus, RoomTopics.Online, retain: true);
            await HoldAsync(rig, edge);

            // The edge dies without a goodbye (the connection just drops): the broker publishes its last will,
            // inclusion/<room>/status "offline".
            edge.Dispose();
            await rig.Probe.WaitForAsync(EdgeStatus, p => p == RoomTopics.Offline);
            await WaitUntilAsync(() => !rig.Lock.IsHeld);
            await WaitUntilAsync(() => rig.On(LockState)[^1] == DoorLock.StatePayload(false));
            await rig.Output.WaitForAsync($"[door-lock] released by itself: the edge's last will arrived ({EdgeStatus} offline)");
        }
        finally
        {
            edge.Dispose();
            await using var cleaner = new DisposableClient(await EdgeAsync());
            await ClearRetainedAsync(cleaner.Client);
        }
    }

    [Fact]
    public async Task The_lock_releases_by_itself_when_the_edge_is_silent_for_the_timeout_and_any_status_message_is_a_heartbeat()
    {
        await using var rig = await StartAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.FromSeconds(30), rig.Lock.HeartbeatTimeout);
        await using var edge = new DisposableClient(await EdgeAsync());
        await HoldAsync(rig, edge.Client);

        rig.Clock.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(200);
        Assert.True(rig.Lock.IsHeld);

        // The edge republishes its retained status: the 30 s start again.
        await PublishAsync(edge.Client, EdgeStatus, RoomTopics.Online, retain: true);
        await rig.Probe.WaitForAsync(EdgeStatus, p => p == RoomTopics.Online);
        await Task.Delay(300);
        rig.Clock.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(200);
        Assert.True(rig.Lock.IsHeld);
        Assert.DoesNotContain("released by itself", rig.Output.Text, StringComparison.Ordinal);

        rig.Clock.Advance(TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => !rig.Lock.IsHeld);
        await WaitUntilAsync(() => rig.On(LockState)[^1] == DoorLock.StatePayload(false));
        await rig.Output.WaitForAsync("[door-lock] released by itself: nothing from the edge for 30 s");
        await ClearRetainedAsync(edge.Client);
    }

    [Fact]
    public async Task Expect_lock_waits_on_the_scenario_clock_until_the_edge_releases_the_lock()
    {
        await using var rig = await StartAsync();
        await using var edge = new DisposableClient(await EdgeAsync());
        await HoldAsync(rig, edge.Client);
        var scenario = Scenario.Parse(
            """{"name":"alarm","steps":[{"action":"fire_alarm","active":true},{"action":"expect_lock","state":"released","within_ms":2000}]}""");
        var playing = new ScenarioRunner(rig.Sim, rig.Output.Output).RunAsync(scenario, CancellationToken.None);

        // The edge sees the smoke and releases the lock, 1.5 s later on the scenario's clock.
        await rig.Probe.WaitForAsync(FireTopic, p => p.Contains("\"smoke\":true", StringComparison.Ordinal));
        rig.Clock.Advance(TimeSpan.FromMilliseconds(1500));
        await Task.Delay(100);
        Assert.False(playing.IsCompleted);
        await PublishAsync(edge.Client, LockSet, """{"schema_version":1,"state":"released"}""");
        await playing.WaitAsync(TimeSpan.FromSeconds(5));
        var text = rig.Output.Text;
        Assert.Contains("step 0: fire alarm: smoke true (fire-alarm)", text, StringComparison.Ordinal);
        Assert.Contains("step 1: expect door-lock to be released within 2000 ms", text, StringComparison.Ordinal);
        Assert.Contains("  door-lock is released", text, StringComparison.Ordinal);
        Assert.Contains("Scenario 'alarm' finished", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expect_lock_fails_the_step_when_the_lock_is_still_held_when_its_time_is_up()
    {
        await using var rig = await StartAsync();
        await using var edge = new DisposableClient(await EdgeAsync());
        await HoldAsync(rig, edge.Client);
        var scenario = Scenario.Parse("""{"steps":[{"action":"fire_alarm","active":true},{"action":"expect_lock","state":"released"}]}""");
        var playing = new ScenarioRunner(rig.Sim, rig.Output.Output).RunAsync(scenario, CancellationToken.None);
        await rig.Probe.WaitForAsync(FireTopic, p => p.Contains("\"smoke\":true", StringComparison.Ordinal));
        await Task.Delay(100);

        rig.Clock.Advance(TimeSpan.FromMilliseconds(1999));
        await Task.Delay(150);
        Assert.False(playing.IsCompleted);
        rig.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var e = await Assert.ThrowsAsync<ScenarioFailedException>(() => playing.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("steps[1]: door-lock is still held, not released, after 2000 ms", e.Message);
    }

    [Fact]
    public async Task A_run_whose_lock_stays_held_exits_1_naming_the_step_and_one_that_finds_it_released_exits_0()
    {
        using var dir = new ScratchDirectory("sim-lock");
        var file = dir.File("s.json");
        await File.WriteAllTextAsync(file, """{"steps":[{"action":"expect_lock","state":"released","within_ms":300}]}""");
        await using var edge = new DisposableClient(await EdgeAsync());
        try
        {
            string[] args =
            [
                "--mqtt-host", "127.0.0.1", "--mqtt-port", broker.Port.ToString(CultureInfo.InvariantCulture),
                "--room-config", RepositoryLayout.DemoRoomFile, "--lock-timeout", "60", "run", file,
            ];
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            Assert.Equal(SimApp.ExitOk, await SimApp.RunAsync(args, TextReader.Null, stdout, stderr, CancellationToken.None));
            Assert.Contains("door-lock is released", stdout.ToString(), StringComparison.Ordinal);

            // A retained "held" command reaches the lock as soon as it subscribes; nobody releases it.
            await PublishAsync(edge.Client, LockSet, """{"schema_version":1,"state":"held"}""", retain: true);
            stdout = new StringWriter();
            stderr = new StringWriter();
            var code = await SimApp.RunAsync(args, TextReader.Null, stdout, stderr, CancellationToken.None);
            Assert.True(code == SimApp.ExitFailed, stdout + "\n" + stderr);
            Assert.Contains("firmware-sim: steps[0]: door-lock is still held, not released, after 300 ms", stderr.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await ClearRetainedAsync(edge.Client);
        }
    }

    [Fact]
    public async Task The_interactive_shell_sets_the_fire_alarm_and_shows_the_lock()
    {
        await using var rig = await StartAsync();
        var shell = new InteractiveShell(rig.Sim, rig.Output.Output);
        await shell.RunAsync(new StringReader("fire on\nfire maybe\nlock\nlock now\nhelp\nfire off\nquit\n"), CancellationToken.None);
        await rig.Probe.WaitForAsync(FireTopic, p => p.Contains("\"smoke\":true", StringComparison.Ordinal));
        await WaitUntilAsync(() => rig.On(FireTopic)[^1].Contains("\"smoke\":false", StringComparison.Ordinal));
        var text = rig.Output.Text;
        Assert.Contains("[fire-alarm] smoke true (fire alarm active)", text, StringComparison.Ordinal);
        Assert.Contains("Usage: fire on|off", text, StringComparison.Ordinal);
        Assert.Contains("[door-lock] released (the door is free)", text, StringComparison.Ordinal);
        Assert.Contains("Usage: lock", text, StringComparison.Ordinal);
        Assert.Contains("  fire on|off ", text, StringComparison.Ordinal);

        await using var edge = new DisposableClient(await EdgeAsync());
        await HoldAsync(rig, edge.Client);
        await shell.ExecuteAsync("LOCK", CancellationToken.None);
        Assert.Contains("[door-lock] held; releases by itself 30 s after the edge's last message", rig.Output.Text, StringComparison.Ordinal);
    }

    private sealed class DisposableClient(IMqttClient client) : IAsyncDisposable
    {
        public IMqttClient Client { get; } = client;

        public async ValueTask DisposeAsync()
        {
            if (Client.IsConnected) await Client.DisconnectAsync();
            Client.Dispose();
        }
    }
}

/// <summary>The two new steps, the shipped fire-alarm scenario and the lock option, as files and arguments.</summary>
public sealed class FireAlarmAndLockParsingTests
{
    private static readonly RoomConfig Room = RoomConfig.Load(RepositoryLayout.DemoRoomFile);
    private static readonly BadgeBook Badges = BadgeBook.Load(Paths.Scenario("badges.json"));

    [Fact]
    public void The_demo_room_plays_its_fire_alarm_and_its_door_lock()
    {
        Assert.Equal(new RoomDevice("fire-alarm", DeviceRoles.FireAlarm, "zigbee2mqtt", "sensory1-fire"), Room.FindDevice(null, DeviceRoles.FireAlarm));
        Assert.Equal(new RoomDevice("door-lock", DeviceRoles.Lock, "inclusion", "door-lock"), Room.FindDevice(null, DeviceRoles.Lock));
        Assert.Empty(Room.Notes);
    }

    [Fact]
    public void The_fire_alarm_scenario_is_a_session_then_the_alarm_the_lock_held_then_released_within_2_s_and_latched_through_the_all_clear_and_the_tap_out()
    {
        var path = Paths.Scenario("fire-alarm.json");
        var scenario = Scenario.Load(path);
        scenario.Validate(Room, Badges, path);
        var steps = scenario.Steps.Where(s => s.Action is StepAction.Badge or StepAction.FireAlarm or StepAction.ExpectLock).ToList();
        Assert.Equal(
            ["badge olena", "badge fox", "lock held 3000", "fire True", "lock released 2000", "fire False", "badge olena", "lock released 500"],
            steps.Select(s => s.Action switch
            {
                StepAction.Badge => "badge " + Badges.Resolve(s.Badge!).Name,
                StepAction.FireAlarm => "fire " + s.Active,
                _ => $"lock {s.LockState} {s.WithinMs}",
            }));
        Assert.InRange(steps[1].AtMs!.Value - steps[0].AtMs!.Value, 500, 4000); // within the escort window
    }

    [Fact]
    public void The_new_steps_parse_with_their_keys_and_defaults()
    {
        var scenario = Scenario.Parse(
            """
            {"steps":[
              {"action":"fire_alarm","active":true},
              {"action":"fire_alarm","active":false,"device":"fire-alarm","comment":"all clear"},
              {"action":"expect_lock","state":"held"},
              {"delay_ms":10,"action":"expect_lock","state":"released","within_ms":500,"device":"door-lock"}
            ]}
            """);
        Assert.Equal([true, false], scenario.Steps.Take(2).Select(s => s.Active!.Value));
        Assert.Equal("fire-alarm", scenario.Steps[1].Device);
        Assert.Equal(("held", 2000), (scenario.Steps[2].LockState, scenario.Steps[2].WithinMs));
        Assert.Equal(("released", 500, "door-lock"), (scenario.Steps[3].LockState, scenario.Steps[3].WithinMs, scenario.Steps[3].Device));
        scenario.Validate(Room, Badges, "new.json");
    }

    [Theory]
    [InlineData("""{"steps":[{"action":"fire_alarm"}]}""", "steps[0].active")]
    [InlineData("""{"steps":[{"action":"fire_alarm","active":"yes"}]}""", "steps[0].active")]
    [InlineData("""{"steps":[{"action":"fire_alarm","value":true}]}""", "steps[0].value")]
    [InlineData("""{"steps":[{"action":"fire_alarm","active":true,"device":7}]}""", "steps[0].device")]
    [InlineData("""{"steps":[{"action":"expect_lock"}]}""", "steps[0].state")]
    [InlineData("""{"steps":[{"action":"expect_lock","state":"locked"}]}""", "steps[0].state")]
    [InlineData("""{"steps":[{"action":"expect_lock","state":true}]}""", "steps[0].state")]
    [InlineData("""{"steps":[{"action":"expect_lock","state":"released","within_ms":0}]}""", "steps[0].within_ms")]
    [InlineData("""{"steps":[{"action":"expect_lock","state":"released","within_ms":-1}]}""", "steps[0].within_ms")]
    [InlineData("""{"steps":[{"action":"expect_lock","state":"released","within_ms":1.5}]}""", "steps[0].within_ms")]
    [InlineData("""{"steps":[{"action":"expect_lock","state":"released","timeout_ms":100}]}""", "steps[0].timeout_ms")]
    public void Malformed_fire_alarm_and_expect_lock_steps_are_refused_naming_the_step_and_key(string json, string key)
    {
        var e = Assert.Throws<ConfigurationException>(() => Scenario.Parse(json, "bad.json"));
        Assert.Contains("bad.json", e.Message, StringComparison.Ordinal);
        Assert.Contains(key + ":", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"steps":[{"action":"fire_alarm","active":true,"device":"door"}]}""", "door")]
    [InlineData("""{"steps":[{"action":"expect_lock","state":"held","device":"wall-timer"}]}""", "wall-timer")]
    [InlineData("""{"steps":[{"action":"expect_lock","state":"held","device":"back-door"}]}""", "back-door")]
    public void Steps_on_a_device_of_another_role_are_refused_before_anything_runs(string json, string device)
    {
        var e = Assert.Throws<ConfigurationException>(() => Scenario.Parse(json, "names.json").Validate(Room, Badges, "names.json"));
        Assert.Contains("steps[0].device:", e.Message, StringComparison.Ordinal);
        Assert.Contains(device, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"steps":[{"action":"fire_alarm","active":true}]}""", "fire_alarm")]
    [InlineData("""{"steps":[{"action":"expect_lock","state":"released"}]}""", "lock")]
    public void A_room_without_the_device_refuses_the_step(string json, string role)
    {
        var room = RoomConfig.Parse("""{"schemaVersion":1,"roomId":"r","devices":[{"name":"t","role":"timer","driver":"inclusion"}]}""");
        var e = Assert.Throws<ConfigurationException>(() => Scenario.Parse(json, "x.json").Validate(room, Badges, "x.json"));
        Assert.Contains($"steps[0].device: the room has no '{role}' device", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_lock_timeout_option_is_parsed_and_checked()
    {
        string[] baseArgs = ["--mqtt-host", "h", "--mqtt-port", "1", "--room-config", "r.json", "interactive"];
        Assert.Null(CommandLine.Parse(baseArgs).LockTimeoutSeconds);
        Assert.Equal(5, CommandLine.Parse([.. baseArgs, "--lock-timeout", "5"]).LockTimeoutSeconds);
        foreach (var bad in new[] { "0", "-3", "1.5", "soon" })
        {
            var e = Assert.Throws<ConfigurationException>(() => CommandLine.Parse([.. baseArgs, "--lock-timeout", bad]));
            Assert.Equal($"--lock-timeout: '{bad}' is not a positive whole number of seconds.", e.Message);
        }

        Assert.Contains("'--lock-timeout' needs a value", Assert.Throws<ConfigurationException>(() => CommandLine.Parse([.. baseArgs, "--lock-timeout"])).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void The_lock_lines_are_translated()
    {
        using (UICulture.Use("ru"))
        {
            Assert.Equal("[door-lock] held (дверь удерживается от входа)", Messages.LockState("door-lock", true));
            Assert.Contains("fire on|off", Messages.InteractiveHelp, StringComparison.Ordinal);
        }

        using (UICulture.Use("uk"))
        {
            Assert.Equal("[door-lock] released: відпущено самостійно — від edge нічого не надходило 30 с", Messages.LockReleasedNoHeartbeat("door-lock", 30));
            Assert.Contains("lock                      показати стан замка", Messages.InteractiveHelp, StringComparison.Ordinal);
        }
    }
}
