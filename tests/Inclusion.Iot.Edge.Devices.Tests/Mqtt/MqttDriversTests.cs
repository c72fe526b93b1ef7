using Inclusion.Iot.Edge.Domain.Health;
using System.Text;
using System.Text.Json;
using Inclusion.Iot.Edge.Devices.Hardware;
using Inclusion.Iot.Edge.Devices.Inputs;
using Inclusion.Iot.Edge.Devices.Ports;
using Inclusion.Iot.Edge.Devices.RoomFile;
using Inclusion.Iot.Edge.Domain.Room;
using Inclusion.Iot.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Inclusion.Iot.Edge.Devices.Tests.Mqtt;

/// <summary>The demo room's MQTT devices (Zigbee2MQTT, Tasmota, ours) through their drivers: what they read, what they publish.</summary>
public sealed class MqttDriversTests
{
    private readonly RecordingPublisher _mqtt = new();
    private readonly RoomDevices _devices;

    public MqttDriversTests()
    {
        _devices = RoomDevices.Open(
            RoomFileLoader.Load(RepositoryLayout.DemoRoomFile, "test"),
            _mqtt,
            () => throw new InvalidOperationException("An MQTT room opens no hardware bus."),
            TimeProvider.System,
            NullLoggerFactory.Instance);
    }

    [Fact]
    public void Subscribes_to_every_devices_own_topics()
    {
        var filters = _devices.TopicFilters.ToList();
        Assert.Contains("zigbee2mqtt/sensory1-ceiling", filters);
        Assert.Contains("zigbee2mqtt/sensory1-presence/availability", filters);
        Assert.Contains("tele/sensory1-reader/SENSOR", filters);
        Assert.Contains("tele/sensory1-reader/LWT", filters);
        Assert.Contains("inclusion/room-sensory-1/device/wall-timer/availability", filters);
    }

    [Theory]
    [InlineData("""{"Time":"2026-11-24T09:00:00","RC522":{"UID":"04A1B2C3","DATA":"","Sak":"08","Type":"MIFARE 1K"}}""", "04A1B2C3")]
    [InlineData("""{"Time":"2026-11-24T09:00:00","PN532":{"UID":"04a1b2c3"}}""", "04A1B2C3")]
    [InlineData("""{"RC522":{"UID":"04:A1:B2:C3"}}""", "04A1B2C3")]
    public void A_tasmota_badge_read_becomes_a_badge_input(string payload, string uid)
    {
        Assert.Equal(new BadgeInput("entry-reader", uid), Read("tele/sensory1-reader/SENSOR", payload));
    }

    [Theory]
    [InlineData("tele/sensory1-reader/SENSOR", "not json", "not a valid")]
    [InlineData("tele/sensory1-reader/SENSOR", """{"Time":"x"}""", "no RC522 or PN532 UID")]
    [InlineData("tele/sensory1-reader/SENSOR", """{"RC522":{"UID":"ZZZZ"}}""", "not 4, 7 or 10 bytes")]
    [InlineData("tele/sensory1-reader/SENSOR", """{"RC522":{"UID":42}}""", "not a valid")]
    [InlineData("tele/sensory1-reader/SENSOR", "null", "JSON null")]
    [InlineData("tele/sensory1-reader/LWT", "Maybe", "neither 'Online' nor 'Offline'")]
    [InlineData("zigbee2mqtt/sensory1-presence", """{"illuminance":12}""", "neither 'occupancy' nor 'presence'")]
    [InlineData("zigbee2mqtt/sensory1-presence", """{"occupancy":true,"battery":140}""", "battery is outside 0..100")]
    [InlineData("zigbee2mqtt/sensory1-presence", """{"occupancy":true,"battery":"full"}""", "not a valid")]
    [InlineData("zigbee2mqtt/sensory1-ceiling", """{"state":"MAYBE"}""", "neither 'ON' nor 'OFF'")]
    [InlineData("zigbee2mqtt/sensory1-fire", """{"smoke":"perhaps"}""", "not a valid")]
    [InlineData("zigbee2mqtt/sensory1-fire", """{"tamper":false}""", "'smoke' is missing")]
    [InlineData("zigbee2mqtt/sensory1-fire", "[1,2]", "not a valid")]
    [InlineData("inclusion/room-sensory-1/device/door-lock/availability", "1", "neither 'online' nor 'offline'")]
    [InlineData("zigbee2mqtt/sensory1-presence", """{"occupancy":"yes"}""", "not a valid")]
    [InlineData("zigbee2mqtt/sensory1-door", """{"tamper":false}""", "'contact' is missing")]
    [InlineData("zigbee2mqtt/sensory1-ceiling", """{"state":"ON","brightness":900}""", "outside 0..254")]
    [InlineData("zigbee2mqtt/sensory1-ceiling/availability", """{"state":"sleepy"}""", "neither 'online' nor 'offline'")]
    [InlineData("inclusion/room-sensory-1/device/wall-timer/availability", "perhaps", "neither 'online' nor 'offline'")]
    public void A_malformed_payload_is_rejected_with_a_reason(string topic, string payload, string reason)
    {
        var rejected = Assert.IsType<RejectedInput>(Read(topic, payload));
        Assert.Equal(topic, rejected.Source);
        Assert.Contains(reason, rejected.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Sensors_lights_and_availability_are_read_per_convention()
    {
        Assert.Equal(new OccupancyInput("presence", true) { Vitals = new ReportedVitals(null, 120) }, Read("zigbee2mqtt/sensory1-presence", """{"occupancy":true,"illuminance":30,"linkquality":120}"""));
        Assert.Equal(new OccupancyInput("presence", false, OccupancySensing.Presence), Read("zigbee2mqtt/sensory1-presence", """{"presence":false}"""));
        Assert.Equal(new DoorInput("door", true), Read("zigbee2mqtt/sensory1-door", """{"contact":false}"""));
        Assert.Equal(new LightReport("mood-light", true, 31, 2381), Read("zigbee2mqtt/sensory1-mood", """{"state":"ON","brightness":80,"color_temp":420,"update":{"state":"idle"}}"""));
        Assert.Equal(new AvailabilityInput("ceiling-light", false, "zigbee2mqtt availability: offline"), Read("zigbee2mqtt/sensory1-ceiling/availability", """{"state":"offline"}"""));
        Assert.Equal(new AvailabilityInput("ceiling-light", true), Read("zigbee2mqtt/sensory1-ceiling/availability", "online"));
        Assert.Equal(new AvailabilityInput("entry-reader", true), Read("tele/sensory1-reader/LWT", "Online"));
        Assert.Equal(new FireAlarmInput("fire-alarm", true) { Vitals = new ReportedVitals(100, 60) }, Read("zigbee2mqtt/sensory1-fire", """{"smoke":true,"battery":100,"linkquality":60,"test":false}"""));
        Assert.Equal(new AvailabilityInput("wall-timer", false, "device last will: offline"), Read("inclusion/room-sensory-1/device/wall-timer/availability", "offline"));
    }

    [Fact]
    public void Topics_of_other_devices_are_ignored()
    {
        Assert.Null(Read("zigbee2mqtt/kitchen-light", "{}"));
        Assert.Null(Read("tele/other-reader/SENSOR", "{}"));
        Assert.Null(Read("zigbee2mqtt/bridge/state", "online"));
    }

    [Fact]
    public async Task A_scene_becomes_one_zigbee2mqtt_set_command_per_light_in_zigbee_units_with_its_fade()
    {
        var scene = new LightScene(true, 30, 2400, 8);
        foreach (var zone in _devices.Lighting) await zone.SetAsync(scene, CancellationToken.None);

        Assert.Equal(["zigbee2mqtt/sensory1-ceiling/set", "zigbee2mqtt/sensory1-mood/set"], _mqtt.Sent.Select(m => m.Topic));
        using var json = JsonDocument.Parse(_mqtt.Sent[0].Payload);
        Assert.Equal("ON", json.RootElement.GetProperty("state").GetString());
        Assert.Equal(76, json.RootElement.GetProperty("brightness").GetInt32());
        Assert.Equal(417, json.RootElement.GetProperty("color_temp").GetInt32());
        Assert.Equal(8, json.RootElement.GetProperty("transition").GetDouble());
        Assert.False(json.RootElement.TryGetProperty("flash", out _));
        Assert.False(json.RootElement.TryGetProperty("effect", out _));
        Assert.All(_mqtt.Sent, m => Assert.False(m.Retain));
    }

    [Theory]
    [InlineData(100, 9000, 254, 153)]
    [InlineData(0, 1000, 0, 500)]
    [InlineData(-5, 0, 0, 500)]
    public void Zigbee_units_are_clamped_to_what_zigbee2mqtt_lights_take(int percent, int kelvin, int brightness, int mireds)
    {
        using var json = JsonDocument.Parse(Zigbee2Mqtt.Zigbee2MqttLight.Command(new LightScene(true, percent, kelvin, 2)));
        Assert.Equal(brightness, json.RootElement.GetProperty("brightness").GetInt32());
        Assert.Equal(mireds, json.RootElement.GetProperty("color_temp").GetInt32());
    }

    [Fact]
    public async Task A_timer_display_gets_our_countdown_and_off_commands()
    {
        var display = Assert.Single(_devices.Timers);
        await display.ShowAsync(new TimerDisplay(true, 1200, 1500, TimerPhase.FiveMinuteWarning, "ring", false), CancellationToken.None);
        await display.ShowAsync(TimerDisplay.Off, CancellationToken.None);

        Assert.Equal("inclusion/room-sensory-1/device/wall-timer/set", _mqtt.Sent[0].Topic);
        using var json = JsonDocument.Parse(_mqtt.Sent[0].Payload);
        Assert.Equal(1, json.RootElement.GetProperty("schema_version").GetInt32());
        Assert.Equal("countdown", json.RootElement.GetProperty("mode").GetString());
        Assert.Equal("five_minute_warning", json.RootElement.GetProperty("phase").GetString());
        Assert.Equal(1200, json.RootElement.GetProperty("remaining_seconds").GetInt32());
        Assert.Equal(1500, json.RootElement.GetProperty("total_seconds").GetInt32());

        using var off = JsonDocument.Parse(_mqtt.Sent[1].Payload);
        Assert.Equal("off", off.RootElement.GetProperty("mode").GetString());
        Assert.False(off.RootElement.TryGetProperty("phase", out _));
    }

    [Fact]
    public async Task The_esp_lock_is_commanded_held_or_released_and_disposing_releases_it()
    {
        var doorLock = Assert.Single(_devices.Locks);
        await doorLock.HoldAsync(CancellationToken.None);
        Assert.True(doorLock.IsHeld);
        await doorLock.DisposeAsync();
        Assert.False(doorLock.IsHeld);
        Assert.Equal(["inclusion/room-sensory-1/device/door-lock/set", "inclusion/room-sensory-1/device/door-lock/set"], _mqtt.Sent.Select(m => m.Topic));
        Assert.Equal(["""{"schema_version":1,"state":"held"}""", """{"schema_version":1,"state":"released"}"""], _mqtt.Sent.Select(m => Encoding.UTF8.GetString(m.Payload)));
    }

    [Fact]
    public void Battery_and_link_quality_ride_along_and_a_report_of_only_those_is_a_vitals_report()
    {
        var input = Read("zigbee2mqtt/sensory1-presence", """{"presence":true,"illuminance":31.5,"battery":87,"linkquality":96,"target_distance":1.2}""");
        Assert.Equal(new OccupancyInput("presence", true, OccupancySensing.Presence) { Vitals = new ReportedVitals(87, 96) }, input);
        Assert.Equal(new VitalsReport("presence") { Vitals = new ReportedVitals(12, null) }, Read("zigbee2mqtt/sensory1-presence", """{"battery":12}"""));
        Assert.Equal(new VitalsReport("door") { Vitals = new ReportedVitals(null, 3) }, Read("zigbee2mqtt/sensory1-door", """{"linkquality":3}"""));
    }

    private DeviceInput? Read(string topic, string payload) => _devices.Read(topic, Encoding.UTF8.GetBytes(payload));

    private sealed class RecordingPublisher : IMqttPublisher
    {
        public List<(string Topic, byte[] Payload, bool Retain)> Sent { get; } = [];

        public Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, bool retain, CancellationToken cancellationToken)
        {
            Sent.Add((topic, payload.ToArray(), retain));
            return Task.CompletedTask;
        }
    }
}
