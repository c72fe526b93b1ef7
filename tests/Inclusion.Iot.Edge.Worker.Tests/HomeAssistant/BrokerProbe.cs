using System.Text;
using Inclusion.Iot.Testing;
using MQTTnet;
using MQTTnet.Protocol;

namespace Inclusion.Iot.Edge.Worker.Tests.HomeAssistant;

/// <summary>A client of the test broker that records what it receives and waits for a message it expects.</summary>
internal sealed class BrokerProbe : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly List<(string Topic, string Payload, bool Retain)> _messages = [];
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BrokerProbe()
    {
        _client.ApplicationMessageReceivedAsync += e =>
        {
            TaskCompletionSource arrived;
            lock (_messages)
            {
                _messages.Add((e.ApplicationMessage.Topic, e.ApplicationMessage.ConvertPayloadToString(), e.ApplicationMessage.Retain));
                arrived = _arrived;
                _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            arrived.TrySetResult();
            return Task.CompletedTask;
        };
    }

    public int Count
    {
        get
        {
            lock (_messages) return _messages.Count;
        }
    }

    public static async Task<BrokerProbe> ConnectAsync(MosquittoFixture broker, params string[] topicFilters)
    {
        var probe = new BrokerProbe();
        await probe._client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer(broker.Host, broker.Port)
            .WithCredentials(broker.Username, broker.Password)
            .WithClientId("probe-" + Guid.NewGuid().ToString("N"))
            .Build());
        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in topicFilters) subscribe = subscribe.WithTopicFilter(f => f.WithTopic(filter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce));
        await probe._client.SubscribeAsync(subscribe.Build());
        return probe;
    }

    /// <summary>The first message at or after index <paramref name="from"/> that matches; fails after <paramref name="seconds"/>.</summary>
    public async Task<(string Topic, string Payload, bool Retain)> WaitForAsync(Func<(string Topic, string Payload, bool Retain), bool> match, string what, int from = 0, int seconds = 15)
    {
        var index = await WaitForIndexAsync(match, what, from, seconds);
        lock (_messages) return _messages[index];
    }

    /// <summary>Where the first message at or after index <paramref name="from"/> that matches is; fails after <paramref name="seconds"/>.</summary>
    public async Task<int> WaitForIndexAsync(Func<(string Topic, string Payload, bool Retain), bool> match, string what, int from = 0, int seconds = 15)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (true)
        {
            Task arrived;
            lock (_messages)
            {
                for (var i = from; i < _messages.Count; i++)
                {
                    if (match(_messages[i])) return i;
                }

                arrived = _arrived.Task;
            }

            try
            {
                await arrived.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Timed out waiting for {what}; received: {string.Join(" | ", Snapshot().Select(m => $"{m.Topic} retain={m.Retain} {m.Payload}"))}");
            }
        }
    }

    /// <summary>Publishes at QoS 1: when this returns, the broker has the message.</summary>
    public Task PublishAsync(string topic, string payload) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(Encoding.UTF8.GetBytes(payload))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected) await _client.DisconnectAsync();
        _client.Dispose();
    }

    private List<(string Topic, string Payload, bool Retain)> Snapshot()
    {
        lock (_messages) return [.. _messages];
    }
}
