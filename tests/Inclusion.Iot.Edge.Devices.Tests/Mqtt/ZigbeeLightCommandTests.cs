using System.Text.Json;
using Inclusion.Iot.Edge.Devices.Ports;
using Inclusion.Iot.Edge.Devices.RoomFile;
using Inclusion.Iot.Edge.Devices.Zigbee2Mqtt;
using Inclusion.Iot.Edge.Domain.Room;
using Inclusion.Iot.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Inclusion.Iot.Edge.Devices.Tests.Mqtt;

/// <summary>
/// Sensory lighting limits at the Zigbee2MQTT driver, for many random scenes (in range, out of range, cuts, absurd
/// fades): the <c>/set</c> payload has exactly the four keys the room sends, never <c>flash</c> or <c>effect</c>, and a
/// transition of at least one second.
/// </summary>
public sealed class ZigbeeLightCommandTests
{
    private const int Scenes = 5_000;
    private static readonly string[] Keys = ["brightness", "color_temp", "state", "transition"];

    [Fact]
    public void Every_scene_becomes_exactly_state_brightness_color_temp_and_transition_never_flash_or_effect()
    {
        var random = new Random(2311);
        for (var i = 0; i < Scenes; i++)
        {
            var scene = RandomScene(random);
            AssertCommand(scene, Zigbee2MqttLight.Command(scene), $"scene {i} {scene}");
        }
    }

    [Fact]
    public async Task Every_light_of_the_demo_room_publishes_the_same_shape_on_its_set_topic()
    {
        var mqtt = new RecordingPublisher();
        var devices = RoomDevices.Open(
            RoomFileLoader.Load(RepositoryLayout.DemoRoomFile, "test"),
            mqtt,
            () => throw new InvalidOperationException("An MQTT room opens no hardware bus."),
            TimeProvider.System,
            NullLoggerFactory.Instance);
        var lights = devices.Lighting.OfType<Zigbee2MqttLight>().ToList();
        Assert.NotEmpty(lights);
        var random = new Random(2411);
        var scenes = new List<LightScene>();
        for (var i = 0; i < 500; i++)
        {
            var scene = RandomScene(random);
            scenes.Add(scene);
            foreach (var light in lights) await light.SetAsync(scene, CancellationToken.None);
        }

        Assert.Equal(scenes.Count * lights.Count, mqtt.Sent.Count);
        for (var i = 0; i < mqtt.Sent.Count; i++)
        {
            var (topic, payload, retain) = mqtt.Sent[i];
            var light = lights[i % lights.Count];
            Assert.Equal($"zigbee2mqtt/{light.FriendlyName}/set", topic);
            Assert.False(retain);
            AssertCommand(scenes[i / lights.Count], payload, $"message {i} to {light.Name}");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void A_cut_is_sent_as_a_one_second_transition(int fade)
    {
        using var json = JsonDocument.Parse(Zigbee2MqttLight.Command(new LightScene(true, 30, 2400, fade)));

        Assert.Equal(1, json.RootElement.GetProperty("transition").GetInt32());
    }

    [Fact]
    public void A_fade_is_sent_as_it_is()
    {
        using var json = JsonDocument.Parse(Zigbee2MqttLight.Command(new LightScene(false, 30, 2400, 12)));

        Assert.Equal(12, json.RootElement.GetProperty("transition").GetInt32());
        Assert.Equal("OFF", json.RootElement.GetProperty("state").GetString());
    }

    private static void AssertCommand(LightScene scene, byte[] payload, string what)
    {
        using var json = JsonDocument.Parse(payload);
        var root = json.RootElement;
        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        var keys = root.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.True(Keys.SequenceEqual(keys), $"{what}: keys {string.Join(",", keys)}");
        Assert.False(root.TryGetProperty("flash", out _), $"{what}: flash");
        Assert.False(root.TryGetProperty("effect", out _), $"{what}: effect");

        Assert.Equal(scene.On ? "ON" : "OFF", root.GetProperty("state").GetString());
        Assert.True(root.GetProperty("brightness").TryGetInt32(out var brightness) && brightness is >= 0 and <= ZigbeeLightUnits.MaxBrightness, $"{what}: brightness {root.GetProperty("brightness")}");
        Assert.Equal(ZigbeeLightUnits.Brightness(scene.BrightnessPercent), brightness);
        Assert.True(root.GetProperty("color_temp").TryGetInt32(out var mireds) && mireds is >= ZigbeeLightUnits.MinMireds and <= ZigbeeLightUnits.MaxMireds, $"{what}: color_temp {root.GetProperty("color_temp")}");
        Assert.Equal(ZigbeeLightUnits.Mireds(scene.ColourTemperatureKelvin), mireds);
        Assert.True(root.GetProperty("transition").TryGetInt32(out var transition) && transition >= 1, $"{what}: transition {root.GetProperty("transition")}");
        Assert.Equal(Math.Max(1, scene.FadeSeconds), transition);
    }

    /// <summary>Mostly the room's ranges, often beyond them, now and then the extremes of an int.</summary>
    private static LightScene RandomScene(Random random) => new(
        random.Next(4) > 0,
        Pick(random, () => random.Next(0, 101), () => random.Next(-1_000, 1_000)),
        Pick(random, () => random.Next(LightScene.WarmestKelvin, LightScene.CoolestKelvin + 1), () => random.Next(-10_000, 50_000)),
        Pick(random, () => random.Next(1, 31), () => random.Next(-100, 3_600)));

    private static int Pick(Random random, Func<int> usual, Func<int> unusual) => random.Next(20) switch
    {
        0 => int.MinValue,
        1 => int.MaxValue,
        2 => 0,
        < 10 => unusual(),
        _ => usual(),
    };

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
