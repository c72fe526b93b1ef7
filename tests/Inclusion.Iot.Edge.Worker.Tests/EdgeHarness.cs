using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Inclusion.Iot.Edge.Worker.Hosting;
using Inclusion.Iot.Edge.Worker.Room;
using Inclusion.Iot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MQTTnet;

namespace Inclusion.Iot.Edge.Worker.Tests;

/// <summary>
/// One edge host in-process on random ports, with a test MQTT client that records everything on the broker. The room
/// runs on <see cref="Time"/>, a fake clock that moves only when the test moves it (<see cref="AdvanceAsync"/>); the
/// MQTT reconnects, the server sync and the device drivers keep the wall clock. Disposing it fails the test if the edge
/// logged an error the test did not declare (<see cref="CapturedLogs.ExpectError"/> on <see cref="Logs"/>).
/// </summary>
public sealed class EdgeHarness : IAsyncDisposable
{
    /// <summary>Where the room's clock starts: a Tuesday, 09:00 in Kyiv (the demo room's time zone).</summary>
    public static readonly DateTimeOffset SchoolMorning = new(2026, 11, 24, 7, 0, 0, TimeSpan.Zero);

    private readonly List<string> _extraArgs;
    private WebApplication? _app;
    private IMqttClient? _client;

    /// <param name="time">The room's clock; a new one at <see cref="SchoolMorning"/> when null. Pass one harness's
    /// <see cref="Time"/> to the next to restart the same edge at the same instant.</param>
    public EdgeHarness(string dataDirectory, int mqttPort, string serverUrl, bool embeddedBroker = true, string? username = null, string? password = null, FakeTimeProvider? time = null, params string[] extraArgs)
    {
        Time = time ?? new FakeTimeProvider(SchoolMorning);
        DataDirectory = dataDirectory;
        MqttPort = mqttPort;
        ServerUrl = serverUrl;
        EmbeddedBroker = embeddedBroker;
        Username = username;
        Password = password;
        _extraArgs = [.. extraArgs];
        PanelPort = FreeTcpPort.Next();
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{PanelPort.ToString(CultureInfo.InvariantCulture)}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public string DataDirectory { get; }
    public int MqttPort { get; }
    public string ServerUrl { get; }
    public bool EmbeddedBroker { get; }
    public string? Username { get; }
    public string? Password { get; }
    public int PanelPort { get; }
    public HttpClient Http { get; }
    public ConcurrentQueue<(string Topic, string Payload, bool Retain)> Messages { get; } = new();

    /// <summary>The room's clock: its one-second tick, the escort window, session timers, the panel's countdown.</summary>
    public FakeTimeProvider Time { get; }

    /// <summary>
    /// When set, the edge's clock instead of <see cref="Time"/>: its timers and monotonic time follow <see cref="Time"/>
    /// while its wall clock can be set apart (a Pi booting in 1970, then NTP stepping the clock).
    /// </summary>
    public JumpingTimeProvider? WallClock { get; init; }

    /// <summary>
    /// What the edge logged (at the harness's level, Warning and above), across restarts of this harness. An Error or
    /// Critical line fails the test at dispose unless the test declared it: <c>edge.Logs.ExpectError("...")</c>.
    /// </summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>True while the host has not begun to stop (a background service that throws stops it).</summary>
    public bool IsRunning => _app is not null && !Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested;

    public IServiceProvider Services => _app!.Services;

    public RoomService Room => Services.GetRequiredService<RoomService>();

    public string[] Args() =>
    [
        "--Edge:EdgeId=edge-sensory-1",
        $"--Edge:RoomConfigPath={TestPaths.DemoRoomFile}",
        $"--Edge:DataDirectory={DataDirectory}",
        $"--Server:Url={ServerUrl}",
        $"--Server:CaCertificatePath={FakeEdgeGateway.CaPath}",
        $"--Server:EnrolmentCode={FakeEdgeGateway.EnrolmentCode}",
        "--Server:SyncIntervalSeconds=1",
        "--Server:MaxRetryDelaySeconds=1",
        "--Mqtt:Host=127.0.0.1",
        $"--Mqtt:Port={MqttPort.ToString(CultureInfo.InvariantCulture)}",
        "--Mqtt:MaxReconnectDelaySeconds=1",
        $"--Mqtt:EmbeddedBroker:Enabled={EmbeddedBroker}",
        $"--Mqtt:Username={Username}",
        $"--Mqtt:Password={Password}",
        $"--Panel:Url=http://127.0.0.1:{PanelPort.ToString(CultureInfo.InvariantCulture)}",
        "--Logging:LogLevel:Default=Warning",
        .. _extraArgs,
    ];

    public async Task StartAsync()
    {
        if (!EmbeddedBroker)
        {
            // An outside broker is already up: listen before the edge connects, to see what it does on connect.
            await ConnectClientAsync();
        }

        _app = EdgeApplication.Build(Args(), builder =>
        {
            builder.Logging.AddProvider(Logs);
            builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(WallClock ?? (TimeProvider)Time));
        });
        await _app.StartAsync();
        // Connected and counted: IsConnected turns true before the connection has said "online" and counted itself.
        var connection = Services.GetRequiredService<Mqtt.MqttConnection>();
        await Until(() => Task.FromResult(Room is not null && connection.IsConnected && connection.ConnectCount > 0), "the edge connected to MQTT");
        if (EmbeddedBroker) await ConnectClientAsync();
    }

    public async Task StopAsync()
    {
        if (_client is not null)
        {
            if (_client.IsConnected) await _client.DisconnectAsync();
            _client.Dispose();
            _client = null;
        }

        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }

        SqliteConnection.ClearAllPools();
    }

    /// <summary>
    /// Moves the room's clock on by <paramref name="by"/>, a second at a time as its tick sees it. After each step the
    /// room has decided at the new instant: the step ends with a tick of the test's own through the room's one queue
    /// (<see cref="RoomService.TickAsync"/>), so it is recorded and its effects and events are out, and so is every
    /// input queued before it. The room's own periodic tick also fires on the fake clock; at an instant already
    /// decided it changes nothing.
    /// </summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Assert.True(by >= TimeSpan.Zero, "The clock only moves forward.");
        for (var left = by; left > TimeSpan.Zero; left -= TimeSpan.FromSeconds(1))
        {
            Time.Advance(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1));
            await Room.TickAsync(CancellationToken.None);
        }
    }

    /// <summary>The room's state right now, in the panel's words (<c>idle</c>, <c>escort_present</c>, <c>session</c>).</summary>
    public string Mode => RoomService.ModeName(Room.State.Mode);

    public async Task PublishAsync(string topic, string payload, bool retain = false)
    {
        await _client!.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(Encoding.UTF8.GetBytes(payload)).WithRetainFlag(retain).Build());
    }

    public Task BadgeAsync(string uid) =>
        PublishAsync("tele/sensory1-reader/SENSOR", $$$"""{"Time":"2026-11-24T09:00:00","RC522":{"UID":"{{{uid}}}","DATA":"","Sak":"08","Type":"MIFARE 1K"}}""");

    public async Task<JsonElement> StateAsync(string culture = "en") =>
        await Http.GetFromJsonAsync<JsonElement>($"/api/state?culture={culture}");

    /// <summary>The escort badges in, then the pupil: waits until the room is in session.</summary>
    public async Task StartSessionAsync(string escortUid, string pupilUid)
    {
        // A second past whatever the lights were last told (start-up's idle scene): the session's scene goes out at once,
        // not held back by the lights' limit of one change a second.
        await AdvanceAsync(TimeSpan.FromSeconds(1));
        await BadgeAsync(escortUid);
        await WaitForStateAsync("escort_present");
        await BadgeAsync(pupilUid);
        await WaitForStateAsync("session");
    }

    public async Task WaitForStateAsync(string state)
    {
        await Until(async () => (await StateAsync()).GetProperty("state").GetString() == state, $"room state '{state}'");
    }

    public static async Task Until(Func<Task<bool>> condition, string what, int seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out waiting for {what}.");
            await Task.Delay(50);
        }
    }

    /// <summary>Stops the edge, then fails the test if it logged an error the test did not declare.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Http.Dispose();
        Logs.AssertNoUnexpectedErrors();
    }

    public async Task ConnectClientAsync()
    {
        _client?.Dispose();
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += e =>
        {
            Messages.Enqueue((e.ApplicationMessage.Topic, e.ApplicationMessage.ConvertPayloadToString(), e.ApplicationMessage.Retain));
            return Task.CompletedTask;
        };
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", MqttPort).WithClientId("test-" + Guid.NewGuid().ToString("N"));
        if (Username is not null) options = options.WithCredentials(Username, Password);
        await _client.ConnectAsync(options.Build());
        await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(f => f.WithTopic("zigbee2mqtt/#")).WithTopicFilter(f => f.WithTopic("inclusion/#")).Build());
    }
}
