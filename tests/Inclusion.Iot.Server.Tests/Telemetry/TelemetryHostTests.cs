using System.Globalization;
using System.Net;
using Grpc.Net.Client;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Server.Api.Demo;
using Inclusion.Iot.Testing;

namespace Inclusion.Iot.Server.Tests.Telemetry;

/// <summary>The exporter inside the real server host: events uploaded over gRPC reach the time-series database.</summary>
public sealed class TelemetryHostTests : IAsyncLifetime
{
    private readonly VictoriaMetricsFixture _tsdb = new();

    public Task InitializeAsync() => _tsdb.InitializeAsync();

    public Task DisposeAsync() => _tsdb.DisposeAsync();

    [Fact]
    public async Task Off_by_default_the_server_runs_without_a_time_series_database()
    {
        using var server = new ServerFactory();
        using var client = server.CreateClient();
        using var health = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        await WaitForLogAsync(server, "Telemetry export is off");
    }

    [Fact]
    public async Task Uploaded_events_are_exported_by_the_hosts_loop_on_its_poll_interval()
    {
        using var server = Enabled(_tsdb.BaseUrl.ToString());
        using var channel = await server.EdgeChannelAsync();
        var gateway = new EdgeGateway.EdgeGatewayClient(channel);
        await WaitForLogAsync(server, "Telemetry export to");

        var upload = new UploadEventsRequest
        {
            EdgeId = DemoSeed.EdgeId,
            Events =
            {
                TelemetryEvents.SessionStarted(1, "s-host", "p-3f9a1c"),
                TelemetryEvents.AlertRaised(2, AlertKind.LastEscortLeft),
                TelemetryEvents.SessionEnded(3, "s-host", actualSeconds: 600, overrunSeconds: 0),
            },
        };
        Assert.Equal(3, (await gateway.UploadEventsAsync(upload)).AcknowledgedSequence);

        // session_started: pupils, planned_minutes, sequence; alert: active, sequence; session: four fields and sequence.
        var samples = new List<string>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (samples.Count < 10 && !deadline.IsCancellationRequested)
        {
            server.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(100);
            (samples, _) = await VictoriaMetricsSamples.ReadAsync(_tsdb.BaseUrl, DemoSeed.OrganisationId);
        }

        var ms = TelemetryEvents.Milliseconds(3).ToString(CultureInfo.InvariantCulture);
        Assert.Equal(10, samples.Count);
        Assert.Contains($"session_actual_seconds{{end_reason=escort_badged_out,kind=individual,organisation_id=org-demo,room_id=room-sensory-1}} 600 @{ms}", samples);
        Assert.Contains(samples, s => s.StartsWith("alert_active{kind=last_escort_left,", StringComparison.Ordinal));
        server.Logs.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task With_the_time_series_database_unreachable_the_host_warns_and_keeps_serving()
    {
        using var server = Enabled($"http://127.0.0.1:{FreeTcpPort.Next().ToString(CultureInfo.InvariantCulture)}");
        using var client = server.CreateClient();
        using var channel = await server.EdgeChannelAsync();
        var upload = new UploadEventsRequest { EdgeId = DemoSeed.EdgeId, Events = { TelemetryEvents.AlertRaised(1, AlertKind.UnescortedPresence) } };
        Assert.Equal(1, (await new EdgeGateway.EdgeGatewayClient(channel).UploadEventsAsync(upload)).AcknowledgedSequence);

        await WaitForLogAsync(server, "Telemetry export failed", advance: true);

        using var health = await client.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        server.Logs.AssertNoUnexpectedErrors();
    }

    private static ServerFactory Enabled(string url) => new(settings: new Dictionary<string, string?>
    {
        ["Telemetry:Enabled"] = "true",
        ["Telemetry:Url"] = url,
        ["Telemetry:Organisation"] = "inclusion",
        ["Telemetry:Bucket"] = "rooms",
        ["Telemetry:Token"] = "test-token",
    });

    private static async Task WaitForLogAsync(ServerFactory server, string text, bool advance = false)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!server.Logs.Lines.Any(l => l.Contains(text, StringComparison.Ordinal)))
        {
            Assert.False(deadline.IsCancellationRequested, $"No log line with '{text}'.");
            if (advance) server.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(50);
        }
    }
}
