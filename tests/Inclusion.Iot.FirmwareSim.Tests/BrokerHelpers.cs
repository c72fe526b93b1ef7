using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Inclusion.Iot.FirmwareSim.Configuration;
using Inclusion.Iot.FirmwareSim.Devices;
using Inclusion.Iot.Testing;
using MQTTnet;
using MQTTnet.Protocol;

namespace Inclusion.Iot.FirmwareSim.Tests;

/// <summary>A test client that records everything it receives and can wait for a message.</summary>
public sealed class Probe : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly ConcurrentQueue<(string Topic, string Payload, bool Retained)> _messages = new();
    private readonly SemaphoreSlim _arrived = new(0, int.MaxValue);

    private Probe()
    {
        _client.ApplicationMessageReceivedAsync += e =>
        {
            _messages.Enqueue((e.ApplicationMessage.Topic, e.ApplicationMessage.ConvertPayloadToString() ?? string.Empty, e.ApplicationMessage.Retain));
            _arrived.Release();
            return Task.CompletedTask;
        };
    }

    public IReadOnlyCollection<(string Topic, string Payload, bool Retained)> Messages => _messages;

    public static async Task<Probe> ConnectAsync(string host, int port, string? username = null, string? password = null, string filter = "#")
    {
        var probe = new Probe();
        var options = new MqttClientOptionsBuilder().WithTcpServer(host, port).WithClientId("probe-" + Guid.NewGuid().ToString("N")[..8]);
        if (username is not null) options = options.WithCredentials(username, password);
        await probe._client.ConnectAsync(options.Build());
        await probe._client.SubscribeAsync(filter, MqttQualityOfServiceLevel.AtLeastOnce);
        return probe;
    }

    public Task PublishAsync(string topic, string payload) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(Encoding.UTF8.GetBytes(payload))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

    public async Task<(string Topic, string Payload, bool Retained)> WaitForAsync(string topic, Func<string, bool>? payload = null, int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            foreach (var m in _messages)
            {
                if (m.Topic == topic && (payload is null || payload(m.Payload))) return m;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
            {
                throw new TimeoutException($"No message on {topic} within {timeoutMs} ms. Seen:\n"
                    + string.Join('\n', _messages.Select(m => $"{m.Topic} {m.Payload}")));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected) await _client.DisconnectAsync();
        _client.Dispose();
        _arrived.Dispose();
    }
}

/// <summary>Collects what the simulator prints.</summary>
public sealed class CapturedOutput
{
    private readonly StringWriter _writer = new();

    public CapturedOutput() => Output = new SimOutput(_writer);

    public SimOutput Output { get; }

    public string Text
    {
        get
        {
            lock (_writer) return _writer.ToString();
        }
    }

    public async Task WaitForAsync(string text, int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!Text.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"'{text}' not printed. Output:\n{Text}");
            await Task.Delay(20);
        }
    }
}

internal static class Sims
{
    public static async Task<Simulator> StartAsync(int port, CapturedOutput output, string? username = null, string? password = null)
    {
        var sim = new Simulator(
            RoomConfig.Load(RepositoryLayout.DemoRoomFile),
            BadgeBook.Load(Paths.Scenario("badges.json")),
            new MqttSettings("127.0.0.1", port, username, password) { ConnectTimeout = TimeSpan.FromSeconds(5) },
            output.Output);
        await sim.StartAsync([], CancellationToken.None);
        return sim;
    }
}
