using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Testing;
using MQTTnet;

namespace Inclusion.Iot.Edge.Worker.Tests;

/// <summary>The edge against a real, password-protected Mosquitto, as in production.</summary>
public sealed class MosquittoEdgeTests(MosquittoFixture broker) : IClassFixture<MosquittoFixture>
{
    [Fact]
    public async Task Against_Mosquitto_with_a_password_a_badge_pair_starts_a_session_and_lights_follow()
    {
        await using var server = await FakeEdgeGateway.StartAsync();
        using var scratch = new ScratchDirectory("edge-mosquitto");
        await using var edge = new EdgeHarness(scratch.CreateSubdirectory("data"), broker.Port, server.Url, embeddedBroker: false, broker.Username, broker.Password);
        await edge.StartAsync();
        await EdgeHarness.Until(async () => (await edge.StateAsync()).GetProperty("configurationVersion").GetInt64() == 3, "the configuration snapshot");

        await edge.StartSessionAsync("04A1B2C3", "04110003");

        await EdgeHarness.Until(() => Task.FromResult(edge.Messages.Any(m => m.Topic == "zigbee2mqtt/sensory1-ceiling/set" && m.Payload.Contains("\"brightness\":79", StringComparison.Ordinal))), "Bee's scene on the ceiling light");
        await EdgeHarness.Until(() => Task.FromResult(edge.Messages.Any(m => m.Topic == "inclusion/room-sensory-1/state" && m.Payload.Contains("\"state\":\"session\"", StringComparison.Ordinal))), "the room state");

        // A dashboard that connects later gets the room state from the retained message.
        using var late = new MqttClientFactory().CreateMqttClient();
        var retained = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        late.ApplicationMessageReceivedAsync += e =>
        {
            if (e.ApplicationMessage.Retain) retained.TrySetResult(e.ApplicationMessage.ConvertPayloadToString());
            return Task.CompletedTask;
        };
        await late.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(broker.Host, broker.Port).WithCredentials(broker.Username, broker.Password).Build());
        await late.SubscribeAsync("inclusion/room-sensory-1/state");
        var state = await retained.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("\"pupil_ids\":[\"p-c81f05\"]", state, StringComparison.Ordinal);
        await late.DisconnectAsync();
        await EdgeHarness.Until(() => Task.FromResult(server.Stored.Any(e => e.BodyCase == EdgeEvent.BodyOneofCase.SessionStarted)), "SessionStarted on the server");
    }
}
