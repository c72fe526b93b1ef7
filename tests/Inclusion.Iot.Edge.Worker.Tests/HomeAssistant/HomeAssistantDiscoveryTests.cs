using System.Text.Json;
using Inclusion.Iot.Edge.Worker.HomeAssistant;
using Inclusion.Iot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Inclusion.Iot.Edge.Worker.Tests.HomeAssistant;

/// <summary>Home Assistant MQTT discovery of the room, through a real Mosquitto.</summary>
public sealed class HomeAssistantDiscoveryTests(MosquittoFixture broker) : IClassFixture<MosquittoFixture>
{
    private const string ConfigTopic = "homeassistant/device/inclusion_room-sensory-1/config";

    [Fact]
    public async Task The_room_is_announced_retained_and_again_when_Home_Assistant_comes_online()
    {
        await using var server = await FakeEdgeGateway.StartAsync();
        using var scratch = new ScratchDirectory("edge-home-assistant");
        await using var early = await BrokerProbe.ConnectAsync(broker, "homeassistant/#");
        await using var edge = new EdgeHarness(scratch.CreateSubdirectory("data"), broker.Port, server.Url, embeddedBroker: false, broker.Username, broker.Password);
        await edge.StartAsync();
        await early.WaitForAsync(m => m.Topic == ConfigTopic, "the config published on connect");

        // Home Assistant (re)starting later still finds the room: the config is retained.
        await using var late = await BrokerProbe.ConnectAsync(broker, ConfigTopic);
        var retained = await late.WaitForAsync(m => m.Topic == ConfigTopic, "the retained config");
        Assert.True(retained.Retain);
        using (var config = JsonDocument.Parse(retained.Payload))
        {
            var root = config.RootElement;
            Assert.Equal("inclusion_room-sensory-1", root.GetProperty("dev").GetProperty("identifiers")[0].GetString());
            Assert.Equal("Inclusion.Iot", root.GetProperty("dev").GetProperty("manufacturer").GetString());
            Assert.Equal("inclusion/room-sensory-1/status", root.GetProperty("availability_topic").GetString());
            var components = root.GetProperty("cmps").EnumerateObject().ToList();
            Assert.Equal(RoomEntities.All.Count, components.Count);
            var uniqueIds = components.Select(c => c.Value.GetProperty("unique_id").GetString()).ToList();
            Assert.Equal(uniqueIds.Count, uniqueIds.Distinct(StringComparer.Ordinal).Count());
            Assert.All(components, c => Assert.Equal("inclusion/room-sensory-1/state", c.Value.GetProperty("state_topic").GetString()));
        }

        // Home Assistant's birth message: the edge publishes the config again, so this copy is a live (non-retained) delivery.
        var announcements = edge.Services.GetRequiredService<HomeAssistantAnnouncer>().Announcements;
        var mark = late.Count;
        await late.PublishAsync("homeassistant/status", "online");
        var again = await late.WaitForAsync(m => m.Topic == ConfigTopic, "the config again after homeassistant/status online", from: mark);
        Assert.False(again.Retain);
        Assert.Equal(retained.Payload, again.Payload);
        // The announcer counts once its publish has returned, which can be after the probe has the message.
        var announcer = edge.Services.GetRequiredService<HomeAssistantAnnouncer>();
        await EdgeHarness.Until(() => Task.FromResult(announcer.Announcements > announcements), "the announcer counting the announcement");
    }
}
