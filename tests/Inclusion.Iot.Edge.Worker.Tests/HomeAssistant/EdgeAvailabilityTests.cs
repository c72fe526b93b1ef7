using Inclusion.Iot.Testing;

namespace Inclusion.Iot.Edge.Worker.Tests.HomeAssistant;

/// <summary>The edge's own availability on <c>inclusion/&lt;room&gt;/status</c>, through a real Mosquitto.</summary>
public sealed class EdgeAvailabilityTests(MosquittoFixture broker) : IClassFixture<MosquittoFixture>
{
    private const string Status = "inclusion/room-sensory-1/status";

    [Fact]
    public async Task The_edge_is_online_while_connected_and_offline_after_a_graceful_stop()
    {
        await using var server = await FakeEdgeGateway.StartAsync();
        using var scratch = new ScratchDirectory("edge-availability");
        await using var watcher = await BrokerProbe.ConnectAsync(broker, Status);
        await using var edge = new EdgeHarness(scratch.CreateSubdirectory("data"), broker.Port, server.Url, embeddedBroker: false, broker.Username, broker.Password);
        await edge.StartAsync();
        await watcher.WaitForAsync(m => !m.Retain && m.Payload == "online", "online after start");

        // Retained: a dashboard that connects later sees the edge online.
        await using (var late = await BrokerProbe.ConnectAsync(broker, Status))
        {
            await late.WaitForAsync(m => m.Retain && m.Payload == "online", "the retained online");
        }

        var mark = watcher.Count;
        await edge.StopAsync();
        await watcher.WaitForAsync(m => m.Payload == "offline", "offline after a graceful stop", from: mark);
        await using var afterStop = await BrokerProbe.ConnectAsync(broker, Status);
        await afterStop.WaitForAsync(m => m.Retain && m.Payload == "offline", "the retained offline after the stop");
    }

    [Fact]
    public async Task When_the_connection_drops_without_a_disconnect_the_broker_says_offline_and_the_edge_comes_back_online()
    {
        await using var server = await FakeEdgeGateway.StartAsync();
        using var scratch = new ScratchDirectory("edge-last-will");
        await using var relay = new TcpRelay(broker.Host, broker.Port);
        await using var watcher = await BrokerProbe.ConnectAsync(broker, Status);
        await using var edge = new EdgeHarness(scratch.CreateSubdirectory("data"), relay.Port, server.Url, embeddedBroker: false, broker.Username, broker.Password);
        await edge.StartAsync();
        await watcher.WaitForAsync(m => !m.Retain && m.Payload == "online", "online after start");

        var mark = watcher.Count;
        relay.Sever();

        // Only the broker can say this: the edge's socket was reset, it sent nothing. The last will is retained.
        // Counted from the will itself: the reconnect's "online" can arrive right behind it, before the test reads on.
        var willAt = await watcher.WaitForIndexAsync(m => m.Payload == "offline", "the last will", from: mark);
        await watcher.WaitForAsync(m => m.Payload == "online", "online again after the reconnect", from: willAt + 1, seconds: 30);
        Assert.True(relay.Accepted >= 3, $"the edge reconnected through the {relay}");
    }
}
