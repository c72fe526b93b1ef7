using System.Text.Json;
using System.Text.RegularExpressions;
using Inclusion.Iot.Edge.Devices.Conventions;
using Inclusion.Iot.Edge.Worker.Hosting;
using Inclusion.Iot.Edge.Worker.HomeAssistant;
using Inclusion.Iot.Edge.Worker.Options;
using Inclusion.Iot.Testing;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Edge.Worker.Tests.HomeAssistant;

/// <summary>The discovery config as data: ids, templates against the real state payload, read-only, options.</summary>
public sealed partial class DiscoveryConfigTests
{
    private static JsonElement Config(string roomId = "room-1", string? supportUrl = null)
    {
        using var document = JsonDocument.Parse(DiscoveryConfig.Build(roomId, "1.2.3", supportUrl));
        return document.RootElement.Clone();
    }

    private static List<JsonProperty> Components(JsonElement config) => [.. config.GetProperty("cmps").EnumerateObject()];

    [Fact]
    public void Every_component_has_its_own_unique_id_and_it_is_the_same_on_every_build()
    {
        var first = Components(Config()).Select(c => c.Value.GetProperty("unique_id").GetString()).ToList();
        var second = Components(Config()).Select(c => c.Value.GetProperty("unique_id").GetString()).ToList();

        Assert.Equal(RoomEntities.All.Count, first.Count);
        Assert.Equal(first.Count, first.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(first, second);
        Assert.Equal(RoomEntities.All.Select(e => $"inclusion_room-1_{e.Key}"), first);
        Assert.Equal(Components(Config()).Select(c => c.Name), RoomEntities.All.Select(e => e.Key));
    }

    [Fact]
    public void Templates_read_only_fields_the_room_state_payload_writes()
    {
        // Every optional field set: a field that is only ever null would still be missing here, and should be.
        var payload = new Payloads.RoomStatePayload
        {
            RoomId = "room-1",
            State = "session",
            SessionId = "s-1",
            SessionKind = "individual",
            TimerPhase = "running",
            RemainingSeconds = 600,
            PupilIds = ["p-1"],
            Occupied = true,
            EndsAt = DateTimeOffset.Parse("2026-11-24T09:30:00+01:00", System.Globalization.CultureInfo.InvariantCulture),
            Scene = "session",
            DevicesWithProblems = ["door"],
            UpdatedAt = DateTimeOffset.UnixEpoch,
        };
        using var state = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(payload, Payloads.Json));
        var fields = state.RootElement.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

        foreach (var component in Components(Config()))
        {
            var templates = component.Value.EnumerateObject().Where(p => p.Name.EndsWith("_template", StringComparison.Ordinal)).Select(p => p.Value.GetString()!).ToList();
            var used = templates.SelectMany(t => ValueJsonField().Matches(t).Select(m => m.Groups[1].Value)).ToList();
            Assert.True(used.Count > 0, $"{component.Name} reads nothing from the state");
            Assert.All(used, field => Assert.True(fields.Contains(field), $"{component.Name} reads value_json.{field}, which the room state never writes"));
        }
    }

    [Fact]
    public void Nothing_in_the_config_lets_Home_Assistant_command_the_room()
    {
        var names = new List<string>();
        Collect(Config(), names);
        Assert.DoesNotContain(names, n => n.Contains("command", StringComparison.Ordinal) || n.Contains("cmd", StringComparison.Ordinal));
        Assert.All(Components(Config()), c => Assert.Contains(c.Value.GetProperty("p").GetString(), new[] { RoomEntities.Sensor, RoomEntities.BinarySensor }));
    }

    [Fact]
    public void The_device_origin_and_availability_name_the_room_and_its_edge()
    {
        var config = Config(supportUrl: "https://school.example/help");
        var dev = config.GetProperty("dev");
        Assert.Equal(["inclusion_room-1"], dev.GetProperty("identifiers").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal("room-1", dev.GetProperty("name").GetString());
        Assert.Equal("Inclusion.Iot", dev.GetProperty("manufacturer").GetString());
        Assert.Equal("Room edge", dev.GetProperty("model").GetString());
        Assert.Equal("1.2.3", dev.GetProperty("sw_version").GetString());
        var origin = config.GetProperty("o");
        Assert.Equal("Inclusion.Iot", origin.GetProperty("name").GetString());
        Assert.Equal("1.2.3", origin.GetProperty("sw_version").GetString());
        Assert.Equal("https://school.example/help", origin.GetProperty("support_url").GetString());
        Assert.False(Config().GetProperty("o").TryGetProperty("support_url", out _));
        Assert.Equal(RoomTopics.EdgeStatus("room-1"), config.GetProperty("availability_topic").GetString());
        Assert.Equal(RoomTopics.Online, config.GetProperty("payload_available").GetString());
        Assert.Equal(RoomTopics.Offline, config.GetProperty("payload_not_available").GetString());
        Assert.All(Components(config), c => Assert.Equal(RoomTopics.State("room-1"), c.Value.GetProperty("state_topic").GetString()));
        Assert.Equal("homeassistant/device/inclusion_room-1/config", DiscoveryConfig.Topic("homeassistant", "room-1"));
    }

    [Fact]
    public void The_entities_carry_the_classes_Home_Assistant_shows_them_by()
    {
        var components = Components(Config()).ToDictionary(c => c.Name, c => c.Value, StringComparer.Ordinal);
        Assert.Equal("occupancy", components["occupancy"].GetProperty("device_class").GetString());
        Assert.Equal("running", components["session_active"].GetProperty("device_class").GetString());
        Assert.Equal("duration", components["remaining_time"].GetProperty("device_class").GetString());
        Assert.Equal("s", components["remaining_time"].GetProperty("unit_of_measurement").GetString());
        Assert.Equal("timestamp", components["session_ends_at"].GetProperty("device_class").GetString());
        Assert.Equal("problem", components["device_problem"].GetProperty("device_class").GetString());
        Assert.Equal(RoomTopics.State("room-1"), components["devices_with_problems"].GetProperty("json_attributes_topic").GetString());
    }

    [Theory]
    [InlineData("home/+", "HomeAssistant:DiscoveryPrefix: 'home/+' is not a plain MQTT topic name.")]
    [InlineData("#", "HomeAssistant:DiscoveryPrefix: '#' is not a plain MQTT topic name.")]
    [InlineData("/homeassistant", "HomeAssistant:DiscoveryPrefix: '/homeassistant' is not a plain MQTT topic name.")]
    [InlineData("homeassistant/", "HomeAssistant:DiscoveryPrefix: 'homeassistant/' is not a plain MQTT topic name.")]
    [InlineData(" ", "HomeAssistant:DiscoveryPrefix: a value is required.")]
    public void A_discovery_prefix_that_is_not_a_plain_topic_is_refused_naming_the_key(string prefix, string message)
    {
        using var _ = UICulture.Use("en");
        var result = new EdgeOptionsValidation().Validate(null, new HomeAssistantOptions { DiscoveryPrefix = prefix });
        Assert.Equal([message], result.Failures!);
    }

    [Fact]
    public void The_default_options_and_a_nested_prefix_are_accepted()
    {
        var validation = new EdgeOptionsValidation();
        Assert.True(validation.Validate(null, new HomeAssistantOptions()).Succeeded);
        Assert.True(validation.Validate(null, new HomeAssistantOptions { DiscoveryPrefix = "school/ha", SupportUrl = "https://school.example" }).Succeeded);
        Assert.False(validation.Validate(null, new HomeAssistantOptions { SupportUrl = "school.example" }).Succeeded);
    }

    [Fact]
    public async Task A_bad_discovery_prefix_stops_start_up_in_the_UI_culture()
    {
        using var scratch = new ScratchDirectory("edge-ha-prefix");
        using var _ = UICulture.Use("uk");
        await using var app = EdgeApplication.Build([.. StartupArgs.For(TestPaths.DemoRoomFile, scratch), "--HomeAssistant:DiscoveryPrefix=ha/#"]);
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains(e.Failures, f => f.StartsWith("HomeAssistant:DiscoveryPrefix: 'ha/#'", StringComparison.Ordinal));
    }

    private static void Collect(JsonElement element, List<string> names)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                names.Add(property.Name);
                Collect(property.Value, names);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray()) Collect(item, names);
        }
    }

    [GeneratedRegex(@"value_json\.([a-z_]+)")]
    private static partial Regex ValueJsonField();
}
