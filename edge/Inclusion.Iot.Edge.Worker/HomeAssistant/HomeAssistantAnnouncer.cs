using System.Text;
using Inclusion.Iot.Edge.Worker.Mqtt;
using Inclusion.Iot.Edge.Worker.Room;
using Inclusion.Iot.Edge.Devices.RoomFile;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Edge.Worker.HomeAssistant;

/// <summary>
/// Publishes the room's discovery config, retained, on every MQTT (re)connect and again whenever Home Assistant says
/// <c>online</c> on its status topic (it restarted, or its broker lost retained messages). It only listens to that
/// one topic: nothing from Home Assistant changes the room.
/// </summary>
public sealed partial class HomeAssistantAnnouncer : IHostedService
{
    private static readonly byte[] Online = Encoding.UTF8.GetBytes("online");

    private readonly MqttConnection _mqtt;
    private readonly ILogger<HomeAssistantAnnouncer> _logger;
    private readonly string _topic = string.Empty;
    private readonly string _statusTopic = string.Empty;
    private readonly byte[] _config = [];
    private int _announcements;

    public HomeAssistantAnnouncer(MqttConnection mqtt, RoomDefinition room, IOptions<HomeAssistantOptions> options, ILogger<HomeAssistantAnnouncer> logger)
    {
        ArgumentNullException.ThrowIfNull(mqtt);
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(options);
        _mqtt = mqtt;
        _logger = logger;
        var settings = options.Value;
        if (!settings.Enabled) return;

        // Hooked here, not in StartAsync: hosted services are all built before the connection's first connect.
        _topic = DiscoveryConfig.Topic(settings.DiscoveryPrefix, room.RoomId);
        _statusTopic = DiscoveryConfig.StatusTopic(settings.DiscoveryPrefix);
        _config = DiscoveryConfig.Build(room.RoomId, RoomService.SoftwareVersion, settings.SupportUrl);
        _mqtt.Subscribe([_statusTopic]);
        _mqtt.Connected += () => AnnounceAsync(CancellationToken.None);
        _mqtt.MessageReceived += OnMessageAsync;
    }

    /// <summary>How many times the config was published (diagnostics and tests).</summary>
    public int Announcements => Volatile.Read(ref _announcements);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task AnnounceAsync(CancellationToken cancellationToken)
    {
        if (await _mqtt.PublishAsync(_topic, _config, retain: true, cancellationToken).ConfigureAwait(false))
        {
            Interlocked.Increment(ref _announcements);
            LogAnnounced(_topic);
        }
    }

    private Task OnMessageAsync(string topic, ReadOnlyMemory<byte> payload)
    {
        if (!string.Equals(topic, _statusTopic, StringComparison.Ordinal) || !payload.Span.SequenceEqual(Online)) return Task.CompletedTask;
        return AnnounceAsync(CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Home Assistant discovery published on {Topic}")]
    private partial void LogAnnounced(string topic);
}
