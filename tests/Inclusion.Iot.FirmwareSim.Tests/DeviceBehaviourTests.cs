using Inclusion.Iot.Testing;
using System.Text.Json;
using Inclusion.Iot.Edge.Devices.Conventions;

namespace Inclusion.Iot.FirmwareSim.Tests;

/// <summary>Each simulated device against a real (in-process MQTTnet) broker, seen from another client as the edge would.</summary>
public sealed class DeviceBehaviourTests(InProcessMqttBroker broker) : IClassFixture<InProcessMqttBroker>, IAsyncLifetime
{
    private const string Room = "room-sensory-1";
    private readonly CapturedOutput _output = new();
    private Simulator _sim = null!;
    private Probe _probe = null!;

    public async Task InitializeAsync()
    {
        _sim = await Sims.StartAsync(broker.Port, _output);
        _probe = await Probe.ConnectAsync("127.0.0.1", broker.Port);
    }

    public async Task DisposeAsync()
    {
        await _sim.StopAsync(CancellationToken.None);
        await _sim.DisposeAsync();
        await _probe.DisposeAsync();
    }

    [Fact]
    public async Task Every_device_announces_itself_online_retained()
    {
        await using var late = await Probe.ConnectAsync("127.0.0.1", broker.Port);
        foreach (var topic in new[] { "sensory1-ceiling", "sensory1-mood", "sensory1-presence", "sensory1-door" })
        {
            var m = await late.WaitForAsync(Zigbee2MqttTopics.Availability(topic));
            Assert.True(m.Retained);
            Assert.Equal("""{"state":"online"}""", m.Payload);
        }

        var lwt = await late.WaitForAsync(TasmotaTopics.LastWill("sensory1-reader"));
        Assert.Equal((TasmotaTopics.Online, true), (lwt.Payload, lwt.Retained));
        var timer = await late.WaitForAsync(RoomTopics.DeviceAvailability(Room, "wall-timer"));
        Assert.Equal(("online", true), (timer.Payload, timer.Retained));
    }

    [Fact]
    public async Task A_light_reports_its_new_state_after_set_and_on_get()
    {
        await _probe.PublishAsync(Zigbee2MqttTopics.Set("sensory1-ceiling"), """{"state":"ON","brightness":180,"color_temp":300,"transition":3}""");
        var state = await _probe.WaitForAsync(Zigbee2MqttTopics.State("sensory1-ceiling"), p => p.Contains("\"brightness\":180", StringComparison.Ordinal));
        var light = JsonSerializer.Deserialize<Payloads.LightState>(state.Payload, Payloads.Json)!;
        Assert.Equal(("ON", 180, 300), (light.State, light.Brightness, light.ColorTemp));
        Assert.NotNull(light.Linkquality);
        await _output.WaitForAsync("[ceiling-light] ON brightness 180 color_temp 300 (fade 3 s)");

        var before = _probe.Messages.Count(m => m.Topic == Zigbee2MqttTopics.State("sensory1-ceiling"));
        await _probe.PublishAsync(Zigbee2MqttTopics.State("sensory1-ceiling") + "/get", """{"state":""}""");
        await WaitUntilAsync(() => _probe.Messages.Count(m => m.Topic == Zigbee2MqttTopics.State("sensory1-ceiling")) > before);
        Assert.Contains("\"brightness\":180", _probe.Messages.Last(m => m.Topic == Zigbee2MqttTopics.State("sensory1-ceiling")).Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_commands_are_logged_and_ignored_and_the_devices_keep_working()
    {
        await _probe.PublishAsync(Zigbee2MqttTopics.Set("sensory1-mood"), "{{{ not json");
        await _probe.PublishAsync(Zigbee2MqttTopics.Set("sensory1-mood"), """{"brightness":"very"}""");
        await _probe.PublishAsync(RoomTopics.DeviceSet(Room, "wall-timer"), """{"mode":"disco"}""");
        await _probe.PublishAsync(RoomTopics.DeviceSet(Room, "wall-timer"), "");
        await _output.WaitForAsync("[wall-timer] ignored a malformed command");
        await _output.WaitForAsync("[mood-light] ignored a malformed command");

        await _probe.PublishAsync(Zigbee2MqttTopics.Set("sensory1-mood"), """{"state":"ON","brightness":77}""");
        await _probe.WaitForAsync(Zigbee2MqttTopics.State("sensory1-mood"), p => p.Contains("\"brightness\":77", StringComparison.Ordinal));
        Assert.Equal(2, CountOf(_output.Text, "[mood-light] ignored a malformed command"));
        // The timer is another MQTT client: the light's barrier says nothing about it, so wait for its second line.
        await WaitUntilAsync(() => CountOf(_output.Text, "[wall-timer] ignored a malformed command") >= 2);
        Assert.Equal(2, CountOf(_output.Text, "[wall-timer] ignored a malformed command"));
    }

    [Fact]
    public async Task A_badge_tap_publishes_the_Tasmota_RC522_payload()
    {
        await _sim.TapAsync("olena", null, CancellationToken.None);
        var m = await _probe.WaitForAsync(TasmotaTopics.Sensor("sensory1-reader"));
        Assert.False(m.Retained);
        var sensor = JsonSerializer.Deserialize<Payloads.TasmotaSensor>(m.Payload, Payloads.TasmotaJson)!;
        Assert.Equal("04A1B2C3", sensor.RC522!.UID);
        using var doc = JsonDocument.Parse(m.Payload);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$", doc.RootElement.GetProperty("Time").GetString());
        Assert.Equal("MIFARE 1K", doc.RootElement.GetProperty("RC522").GetProperty("Type").GetString());
        Assert.Contains("[entry-reader] badge 04A1B2C3 (olena) tapped", _output.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_timer_display_shows_and_reports_each_command()
    {
        await _probe.PublishAsync(RoomTopics.DeviceSet(Room, "wall-timer"),
            """{"schema_version":1,"mode":"countdown","remaining_seconds":1198,"total_seconds":1200,"phase":"running","style":"ring","chime":false}""");
        var state = await _probe.WaitForAsync(RoomTopics.DeviceState(Room, "wall-timer"), p => p.Contains("19:58", StringComparison.Ordinal));
        using var doc = JsonDocument.Parse(state.Payload);
        Assert.Equal("countdown", doc.RootElement.GetProperty("mode").GetString());
        Assert.Equal(1198, doc.RootElement.GetProperty("remaining_seconds").GetInt32());
        Assert.Equal("running", doc.RootElement.GetProperty("phase").GetString());
        await _output.WaitForAsync("[wall-timer] 19:58 running ring");

        await _probe.PublishAsync(RoomTopics.DeviceSet(Room, "wall-timer"), """{"schema_version":1,"mode":"off"}""");
        await _probe.WaitForAsync(RoomTopics.DeviceState(Room, "wall-timer"), p => p.Contains("\"mode\":\"off\"", StringComparison.Ordinal));
        await _output.WaitForAsync("[wall-timer] off");
    }

    [Fact]
    public async Task Sensors_report_occupancy_and_contact_with_battery_and_link_quality()
    {
        await _sim.SetOccupancyAsync(true, null, CancellationToken.None);
        await _sim.SetDoorAsync(true, null, CancellationToken.None);
        var occupancy = JsonSerializer.Deserialize<Payloads.SensorState>(
            (await _probe.WaitForAsync(Zigbee2MqttTopics.State("sensory1-presence"), p => p.Contains("\"occupancy\":true", StringComparison.Ordinal))).Payload,
            Payloads.Json)!;
        Assert.NotNull(occupancy.Battery);
        Assert.NotNull(occupancy.Linkquality);
        var door = JsonSerializer.Deserialize<Payloads.SensorState>(
            (await _probe.WaitForAsync(Zigbee2MqttTopics.State("sensory1-door"), p => p.Contains("\"contact\":false", StringComparison.Ordinal))).Payload,
            Payloads.Json)!;
        Assert.False(door.Contact);
        Assert.NotNull(door.Battery);
    }

    [Fact]
    public async Task Devices_go_offline_and_come_back()
    {
        await _sim.OfflineAsync("entry-reader", CancellationToken.None);
        await _probe.WaitForAsync(TasmotaTopics.LastWill("sensory1-reader"), p => p == TasmotaTopics.Offline);
        await Assert.ThrowsAsync<InvalidOperationException>(() => _sim.TapAsync("fox", null, CancellationToken.None));
        await _sim.OfflineAsync("presence", CancellationToken.None);
        await _probe.WaitForAsync(Zigbee2MqttTopics.Availability("sensory1-presence"), p => p.Contains("offline", StringComparison.Ordinal));

        await _sim.OnlineAsync("entry-reader", CancellationToken.None);
        await _sim.OnlineAsync("presence", CancellationToken.None);
        await using var late = await Probe.ConnectAsync("127.0.0.1", broker.Port);
        await late.WaitForAsync(TasmotaTopics.LastWill("sensory1-reader"), p => p == TasmotaTopics.Online);
        await late.WaitForAsync(Zigbee2MqttTopics.Availability("sensory1-presence"), p => p.Contains("online", StringComparison.Ordinal));
        await _sim.TapAsync("fox", null, CancellationToken.None);
        await _probe.WaitForAsync(TasmotaTopics.Sensor("sensory1-reader"), p => p.Contains("04110001", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_interactive_shell_taps_by_name_and_survives_bad_input()
    {
        var shell = new InteractiveShell(_sim, _output.Output);
        var input = new StringReader("help\nbogus\ntap\ntap nobody\ntap Bee (pupil)\noccupancy maybe\ndoor open\ndevices\nbadges\nquit\ntap fox\n");
        await shell.RunAsync(input, CancellationToken.None);
        await _probe.WaitForAsync(TasmotaTopics.Sensor("sensory1-reader"), p => p.Contains("04110003", StringComparison.Ordinal));
        await _probe.WaitForAsync(Zigbee2MqttTopics.State("sensory1-door"), p => p.Contains("\"contact\":false", StringComparison.Ordinal));
        var text = _output.Text;
        Assert.Contains("Unknown command 'bogus'", text, StringComparison.Ordinal);
        Assert.Contains("Usage: tap <name|UID> [reader]", text, StringComparison.Ordinal);
        Assert.Contains("'nobody' is neither a known badge name nor a UID", text, StringComparison.Ordinal);
        Assert.Contains("Usage: occupancy on|off", text, StringComparison.Ordinal);
        Assert.Contains("wall-timer", text, StringComparison.Ordinal);
        Assert.Contains("04110004", text, StringComparison.Ordinal);
        Assert.DoesNotContain(_probe.Messages, m => m.Payload.Contains("04110001", StringComparison.Ordinal)); // after quit
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException();
            await Task.Delay(20);
        }
    }
}
