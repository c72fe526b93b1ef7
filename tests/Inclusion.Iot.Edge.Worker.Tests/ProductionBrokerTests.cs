using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Inclusion.Iot.Testing;
using MQTTnet;

namespace Inclusion.Iot.Edge.Worker.Tests;

/// <summary>
/// The production broker as deploy/ ships it, run from the Debian binary: deploy/first-run.sh makes the secrets and the TLS
/// certificates; Mosquitto runs deploy/mosquitto/mosquitto.conf and its ACL (paths and ports moved to a scratch copy); the
/// edge connects over TLS trusting only the installation's CA; devices reach only their own topics.
/// </summary>
public sealed class ProductionBrokerTests : IAsyncLifetime
{
    private readonly ScratchDirectory _scratch = new("production-broker");
    private readonly int _plainPort = FreeTcpPort.Next();
    private readonly int _tlsPort = FreeTcpPort.Next();
    private ChildProcess? _broker;
    private Dictionary<string, string> _env = [];

    private string Deploy => Path.Combine(_scratch.Path, "deploy");

    private string CaFile => Path.Combine(Deploy, "mosquitto", "certs", "ca.crt");

    public async Task InitializeAsync()
    {
        // A copy of what deploy/ commits; first-run.sh writes next to it, as in a checkout.
        Directory.CreateDirectory(Path.Combine(Deploy, "mosquitto"));
        File.Copy(Path.Combine(RepositoryLayout.Root, "deploy", "first-run.sh"), Path.Combine(Deploy, "first-run.sh"));
        foreach (var name in new[] { "mosquitto.conf", "acl" })
        {
            File.Copy(Path.Combine(RepositoryLayout.Root, "deploy", "mosquitto", name), Path.Combine(Deploy, "mosquitto", name));
        }

        RequiredBinary.EnsureExists(MosquittoFixture.MosquittoBinary);
        await ChildProcess.RunAsync("bash", [Path.Combine(Deploy, "first-run.sh")], TimeSpan.FromSeconds(60));
        _env = File.ReadAllLines(Path.Combine(_scratch.Path, ".env")).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

        var config = File.ReadAllText(Path.Combine(Deploy, "mosquitto", "mosquitto.conf"))
            // The shipped file has the TLS listener only; the test adds a plain one on loopback for its own harness client
            // (as the file says a room with TLS-less firmware would, on its device network's address), before it, so the
            // TLS settings stay with the TLS listener.
            .Replace("listener 8883", $"listener {_plainPort.ToString(CultureInfo.InvariantCulture)} 127.0.0.1\n\nlistener {_tlsPort.ToString(CultureInfo.InvariantCulture)} 127.0.0.1", StringComparison.Ordinal)
            .Replace("/mosquitto/config/", Path.Combine(Deploy, "mosquitto") + "/", StringComparison.Ordinal)
            .Replace("persistence_location /mosquitto/data/", $"persistence_location {_scratch.Path}/", StringComparison.Ordinal);
        // Run as root, mosquitto would drop to the 'mosquitto' user, which cannot read the private scratch directory.
        if (Environment.UserName == "root") config += "\nuser root\n";
        var configFile = _scratch.File("mosquitto.conf");
        await File.WriteAllTextAsync(configFile, config);
        _broker = ChildProcess.Start(MosquittoFixture.MosquittoBinary, ["-c", configFile]);
        await Readiness.WaitAsync(_broker, "the production broker's TLS listener", ct => Readiness.AcceptsTcpAsync("127.0.0.1", _tlsPort, ct));
        await Readiness.WaitAsync(_broker, "the production broker's plain listener", ct => Readiness.AcceptsTcpAsync("127.0.0.1", _plainPort, ct));
    }

    private string PasswordOf(string user) => _env[user == "firmware-sim" ? "MQTT_SIM_PASSWORD" : $"MQTT_{user.ToUpperInvariant().Replace('-', '_')}_PASSWORD"];

    private async Task<(IMqttClient Client, ConcurrentQueue<string> Topics)> ConnectAsync(string user, bool tls = true, X509Certificate2Collection? trust = null)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var topics = new ConcurrentQueue<string>();
        client.ApplicationMessageReceivedAsync += e =>
        {
            topics.Enqueue(e.ApplicationMessage.Topic);
            return Task.CompletedTask;
        };
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", tls ? _tlsPort : _plainPort)
            .WithClientId($"{user}-{Guid.NewGuid():N}")
            .WithCredentials(user, PasswordOf(user));
        if (tls)
        {
            var ca = trust ?? Ca();
            options = options.WithTlsOptions(t => t.UseTls().WithTargetHost("127.0.0.1").WithCertificateValidationHandler(e => Mqtt.BrokerTls.Trusted(e.Certificate, e.SslPolicyErrors, ca)));
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.ConnectAsync(options.Build(), timeout.Token);
        return (client, topics);
    }

    private X509Certificate2Collection Ca()
    {
        var ca = new X509Certificate2Collection();
        ca.ImportFromPemFile(CaFile);
        return ca;
    }

    private static Task PublishAsync(IMqttClient client, string topic) =>
        client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload("{}").WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build());

    [Fact]
    public async Task First_run_writes_every_secret_once_and_keeps_them_on_a_second_run()
    {
        var env = await File.ReadAllTextAsync(Path.Combine(_scratch.Path, ".env"));
        var passwd = await File.ReadAllTextAsync(Path.Combine(Deploy, "mosquitto", "passwd"));
        var server = await File.ReadAllTextAsync(Path.Combine(Deploy, "mosquitto", "certs", "server.crt"));
        foreach (var key in new[] { "POSTGRES_PASSWORD", "INFLUX_ADMIN_PASSWORD", "INFLUX_TOKEN", "GRAFANA_ADMIN_PASSWORD", "MQTT_EDGE_PASSWORD", "MQTT_SIM_PASSWORD", "MQTT_WALL_TIMER_PASSWORD" })
        {
            Assert.Matches("^[A-Za-z0-9]{32}$", _env[key]);
        }

        Assert.Equal(_env.Count, _env.Values.Distinct(StringComparer.Ordinal).Count());
        // Only salted hashes in the password file.
        Assert.DoesNotContain(_env["MQTT_EDGE_PASSWORD"], passwd, StringComparison.Ordinal);

        await ChildProcess.RunAsync("bash", [Path.Combine(Deploy, "first-run.sh")], TimeSpan.FromSeconds(60));

        Assert.Equal(env, await File.ReadAllTextAsync(Path.Combine(_scratch.Path, ".env")));
        Assert.Equal(passwd, await File.ReadAllTextAsync(Path.Combine(Deploy, "mosquitto", "passwd")));
        Assert.Equal(server, await File.ReadAllTextAsync(Path.Combine(Deploy, "mosquitto", "certs", "server.crt")));
    }

    [Fact]
    public async Task The_shipped_broker_listens_only_on_tls_and_first_run_gives_grafana_a_certificate_from_the_same_ca()
    {
        var shipped = await File.ReadAllLinesAsync(Path.Combine(RepositoryLayout.Root, "deploy", "mosquitto", "mosquitto.conf"));
        Assert.Equal(["listener 8883"], shipped.Where(l => l.TrimStart().StartsWith("listener", StringComparison.Ordinal)));

        var grafanaFile = Path.Combine(Deploy, "mosquitto", "certs", "grafana.crt");
        using var grafana = X509CertificateLoader.LoadCertificateFromFile(grafanaFile);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(Ca());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(grafana), "Grafana's certificate does not chain to the installation's CA");
        Assert.True(grafana.MatchesHostname("grafana") && grafana.MatchesHostname("localhost"));
        Assert.True(File.Exists(Path.Combine(Deploy, "mosquitto", "certs", "grafana.key")));

        var before = await File.ReadAllTextAsync(grafanaFile);
        await ChildProcess.RunAsync("bash", [Path.Combine(Deploy, "first-run.sh")], TimeSpan.FromSeconds(60));
        Assert.Equal(before, await File.ReadAllTextAsync(grafanaFile));
    }

    [Fact]
    public async Task Over_TLS_a_device_reaches_only_its_own_topics_and_the_edge_hears_it()
    {
        var (edge, edgeHeard) = await ConnectAsync("edge");
        await edge.SubscribeAsync("inclusion/#", MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce);
        var (timer, timerHeard) = await ConnectAsync("wall-timer");
        await timer.SubscribeAsync("inclusion/+/device/+/set", MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce);

        // Not its topics: dropped by the broker. Then its own state: the edge hears that, and only that.
        await PublishAsync(timer, "inclusion/room-sensory-1/event/session_started");
        await PublishAsync(timer, "inclusion/room-sensory-1/device/door-lock/state");
        await PublishAsync(timer, "inclusion/room-sensory-1/device/wall-timer/state");
        await EdgeHarness.Until(() => Task.FromResult(edgeHeard.Contains("inclusion/room-sensory-1/device/wall-timer/state")), "the timer's own state at the edge");
        Assert.Equal(["inclusion/room-sensory-1/device/wall-timer/state"], edgeHeard.Where(t => !t.EndsWith("/set", StringComparison.Ordinal)));

        // The edge commands the lock, then the timer: the timer hears only its own command.
        await PublishAsync(edge, "inclusion/room-sensory-1/device/door-lock/set");
        await PublishAsync(edge, "inclusion/room-sensory-1/device/wall-timer/set");
        await EdgeHarness.Until(() => Task.FromResult(timerHeard.Contains("inclusion/room-sensory-1/device/wall-timer/set")), "the timer's command");
        Assert.Equal(["inclusion/room-sensory-1/device/wall-timer/set"], timerHeard);
        await timer.DisconnectAsync();
        await edge.DisconnectAsync();
    }

    [Fact]
    public async Task Tls_with_another_ca_anonymous_clients_and_a_wrong_password_are_refused()
    {
        // A CA nobody here signed with.
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new CertificateRequest("CN=Somebody else's CA", key, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var other = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync("edge", trust: [X509CertificateLoader.LoadCertificate(other.Export(X509ContentType.Cert))]));

        var ca = Ca();
        MqttClientOptionsBuilder Tls() => new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _tlsPort)
            .WithTlsOptions(t => t.UseTls().WithTargetHost("127.0.0.1").WithCertificateValidationHandler(e => Mqtt.BrokerTls.Trusted(e.Certificate, e.SslPolicyErrors, ca)));
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, await RefusedAsync(Tls()));
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, await RefusedAsync(Tls().WithCredentials("edge", "not-the-password")));
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, await RefusedAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _plainPort)));
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, await RefusedAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _plainPort).WithCredentials("edge", "not-the-password")));
    }

    /// <summary>The broker's answer to a connect it refuses.</summary>
    private static async Task<MqttClientConnectResultCode> RefusedAsync(MqttClientOptionsBuilder options)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(options.WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311).Build());
        Assert.False(client.IsConnected);
        return result.ResultCode;
    }

    [Fact]
    public async Task The_edge_connects_over_TLS_trusting_only_the_installations_ca()
    {
        // The harness's own client listens on the plain port as the edge's user; the edge itself uses TLS.
        await using var server = await FakeEdgeGateway.StartAsync();
        await using var edge = new EdgeHarness(
            _scratch.CreateSubdirectory("edge"), _plainPort, server.Url, embeddedBroker: false, username: "edge", password: PasswordOf("edge"),
            extraArgs: [$"--Mqtt:Port={_tlsPort.ToString(CultureInfo.InvariantCulture)}", $"--Mqtt:CaFile={CaFile}"]);

        await edge.StartAsync();

        await EdgeHarness.Until(() => Task.FromResult(edge.Messages.Any(m => m is { Topic: "inclusion/room-sensory-1/status", Payload: "online" })), "the edge online over TLS");
    }

    public async Task DisposeAsync()
    {
        if (_broker is not null) await _broker.DisposeAsync();
        _scratch.Dispose();
    }
}
