using System.Globalization;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Xunit;

namespace Inclusion.Iot.Testing;

/// <summary>
/// A throwaway VictoriaMetrics (the time-series database the tests use; it also accepts InfluxDB line
/// protocol on /write and /api/v2/write) on a random loopback port, with a temp storage directory; a test may stop
/// and start it again on the same port and data.
/// </summary>
public sealed class VictoriaMetricsFixture : IAsyncLifetime
{
    public const string Binary = "/usr/bin/victoria-metrics";
    private const string Image = "victoriametrics/victoria-metrics:v1.93.16";
    private const int ContainerPort = 8428;

    private ScratchDirectory? _scratch;
    private ChildProcess? _process;
    private IContainer? _container;
    private int _port;

    /// <summary>e.g. http://127.0.0.1:41234 (no trailing slash).</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1");

    public async Task InitializeAsync()
    {
        if (DockerEngine.IsAvailable)
        {
            _container = new ContainerBuilder(Image)
                .WithPortBinding(ContainerPort, assignRandomHostPort: true)
                .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(r => r.ForPort(ContainerPort).ForPath("/health")))
                .Build();
            await _container.StartAsync().ConfigureAwait(false);
            BaseUrl = new Uri($"http://{_container.Hostname}:{_container.GetMappedPublicPort(ContainerPort)}");
            return;
        }

        RequiredBinary.EnsureExists(Binary);
        _scratch = new ScratchDirectory("victoria-metrics");
        _port = FreeTcpPort.Next();
        BaseUrl = new Uri($"http://127.0.0.1:{_port.ToString(CultureInfo.InvariantCulture)}");
        await StartProcessAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Stops the database (a clean stop: what it acknowledged is on disk) so a test can see how a writer behaves while
    /// it is down; <see cref="StartAsync"/> brings it back with the same data.
    /// </summary>
    public async Task StopAsync()
    {
        if (_container is not null)
        {
            await _container.StopAsync().ConfigureAwait(false);
            return;
        }

        if (_process is not null)
        {
            using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) })
            {
                (await http.GetAsync(new Uri(BaseUrl, "/internal/force_flush")).ConfigureAwait(false)).Dispose();
            }

            await _process.DisposeAsync().ConfigureAwait(false);
            _process = null;
        }
    }

    /// <summary>
    /// Starts the stopped database again on the same data directory and, for the Debian binary, the same port (under
    /// Docker the mapped port may change: read <see cref="BaseUrl"/> again).
    /// </summary>
    public async Task StartAsync()
    {
        if (_container is not null)
        {
            await _container.StartAsync().ConfigureAwait(false);
            BaseUrl = new Uri($"http://{_container.Hostname}:{_container.GetMappedPublicPort(ContainerPort)}");
            return;
        }

        if (_process is null)
        {
            await StartProcessAsync().ConfigureAwait(false);
        }
    }

    private async Task StartProcessAsync()
    {
        var port = _port.ToString(CultureInfo.InvariantCulture);
        _process = ChildProcess.Start(Binary, [
            $"-storageDataPath={_scratch!.CreateSubdirectory("data")}",
            $"-httpListenAddr=127.0.0.1:{port}",
            "-retentionPeriod=1d",
            // Make just-written samples visible to queries at once (tests read what they wrote).
            "-search.latencyOffset=0s",
            "-search.disableCache",
        ]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Readiness.WaitAsync(_process, $"victoria-metrics on {BaseUrl}", async ct =>
        {
            using var response = await http.GetAsync(new Uri(BaseUrl, "/health"), ct).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }).ConfigureAwait(false);
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync().ConfigureAwait(false);
        }

        if (_container is not null)
        {
            await _container.DisposeAsync().ConfigureAwait(false);
        }

        _scratch?.Dispose();
    }
}
