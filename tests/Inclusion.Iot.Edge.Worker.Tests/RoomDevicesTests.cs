using System.Text;
using System.Text.Json;
using Inclusion.Iot.Edge.Domain.Room;
using Inclusion.Iot.Edge.Devices.Inputs;
using Inclusion.Iot.Edge.Worker.Devices;
using Inclusion.Iot.Edge.Worker.RoomFile;

namespace Inclusion.Iot.Edge.Worker.Tests;

public sealed class RoomDevicesTests
{
    private readonly RoomDevices _devices = new(RoomFileLoader.Load(TestPaths.DemoRoomFile));

    [Fact]
    public void Subscribes_to_every_devices_own_topics()
    {
        var filters = _devices.TopicFilters().ToList();
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
    [InlineData("tele/sensory1-reader/SENSOR", """{"RC522":{"UID":"ZZZZ"}}""", "not 1..32 hexadecimal")]
    [InlineData("tele/sensory1-reader/SENSOR", """{"RC522":{"UID":42}}""", "not a valid")]
    [InlineData("tele/sensory1-reader/SENSOR", "null", "JSON null")]
    [InlineData("tele/sensory1-reader/LWT", "Maybe", "neither 'Online' nor 'Offline'")]
    [InlineData("zigbee2mqtt/sensory1-presence", """{"battery":90}""", "neither 'occupancy' nor 'presence'")]
    [InlineData("zigbee2mqtt/sensory1-presence", """{"occupancy":"yes"}""", "not a valid")]
    [InlineData("zigbee2mqtt/sensory1-door", """{"linkquality":3}""", "'contact' is missing")]
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
        Assert.Equal(new OccupancyInput("presence", true), Read("zigbee2mqtt/sensory1-presence", """{"occupancy":true,"illuminance":30,"linkquality":120}"""));
        Assert.Equal(new OccupancyInput("presence", false, OccupancySensing.Presence), Read("zigbee2mqtt/sensory1-presence", """{"presence":false}"""));
        Assert.Equal(new DoorInput("door", true), Read("zigbee2mqtt/sensory1-door", """{"contact":false}"""));
        Assert.Equal(new LightReport("mood-light", true, 31, 2381), Read("zigbee2mqtt/sensory1-mood", """{"state":"ON","brightness":80,"color_temp":420,"update":{"state":"idle"}}"""));
        Assert.Equal(new AvailabilityInput("ceiling-light", false), Read("zigbee2mqtt/sensory1-ceiling/availability", """{"state":"offline"}"""));
        Assert.Equal(new AvailabilityInput("ceiling-light", true), Read("zigbee2mqtt/sensory1-ceiling/availability", "online"));
        Assert.Equal(new AvailabilityInput("entry-reader", true), Read("tele/sensory1-reader/LWT", "Online"));
        Assert.Equal(new AvailabilityInput("wall-timer", false), Read("inclusion/room-sensory-1/device/wall-timer/availability", "offline"));
    }

    [Fact]
    public void Topics_of_other_devices_are_ignored()
    {
        Assert.Null(Read("zigbee2mqtt/kitchen-light", "{}"));
        Assert.Null(Read("tele/other-reader/SENSOR", "{}"));
        Assert.Null(Read("zigbee2mqtt/bridge/state", "online"));
    }

    [Fact]
    public void A_scene_becomes_a_zigbee2mqtt_set_command_for_every_light()
    {
        var commands = _devices.Commands(new SetLights(new LightScene(true, 30, 2400, 8)));
        Assert.Equal(["zigbee2mqtt/sensory1-ceiling/set", "zigbee2mqtt/sensory1-mood/set"], commands.Select(c => c.Topic));
        using var json = JsonDocument.Parse(commands[0].Payload);
        Assert.Equal("ON", json.RootElement.GetProperty("state").GetString());
        Assert.Equal(76, json.RootElement.GetProperty("brightness").GetInt32());
        Assert.Equal(417, json.RootElement.GetProperty("color_temp").GetInt32());
        Assert.Equal(8, json.RootElement.GetProperty("transition").GetDouble());
    }

    [Fact]
    public void A_device_that_came_back_alone_gets_the_scene_or_timer_and_no_other_device_does()
    {
        var scene = new LightScene(true, 47, 2700, 3);
        Assert.Equal(["zigbee2mqtt/sensory1-mood/set"], _devices.Commands(new SetLights(scene, "mood-light")).Select(c => c.Topic));
        Assert.Empty(_devices.Commands(new SetLights(scene, "wall-timer")));
        Assert.Equal(["inclusion/room-sensory-1/device/wall-timer/set"], _devices.Commands(new ShowTimer(TimerDisplay.Off, "wall-timer")).Select(c => c.Topic));
        Assert.Empty(_devices.Commands(new ShowTimer(TimerDisplay.Off, "mood-light")));
    }

    [Fact]
    public void A_timer_display_gets_our_countdown_and_off_commands()
    {
        var countdown = _devices.Commands(new ShowTimer(new TimerDisplay(true, 1200, 1200, TimerPhase.FiveMinuteWarning, "ring", false)));
        var command = Assert.Single(countdown);
        Assert.Equal("inclusion/room-sensory-1/device/wall-timer/set", command.Topic);
        using var json = JsonDocument.Parse(command.Payload);
        Assert.Equal(1, json.RootElement.GetProperty("schema_version").GetInt32());
        Assert.Equal("countdown", json.RootElement.GetProperty("mode").GetString());
        Assert.Equal("five_minute_warning", json.RootElement.GetProperty("phase").GetString());
        Assert.Equal(1200, json.RootElement.GetProperty("remaining_seconds").GetInt32());

        using var off = JsonDocument.Parse(Assert.Single(_devices.Commands(new ShowTimer(TimerDisplay.Off))).Payload);
        Assert.Equal("off", off.RootElement.GetProperty("mode").GetString());
        Assert.False(off.RootElement.TryGetProperty("phase", out _));
    }

    private DeviceInput? Read(string topic, string payload) => _devices.Read(topic, Encoding.UTF8.GetBytes(payload));
}
