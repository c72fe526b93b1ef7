using System.Globalization;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Xunit;

namespace Inclusion.Iot.Testing;

/// <summary>
/// A throwaway VictoriaMetrics (the time-series database the tests use; it also accepts InfluxDB line
/// protocol on /write) on a random loopback port, with a temp storage directory.
/// </summary>
public sealed class VictoriaMetricsFixture : IAsyncLifetime
{
    public const string Binary = "/usr/bin/victoria-metrics";
    private const string Image = "victoriametrics/victoria-metrics:v1.93.16";
    private const int ContainerPort = 8428;

    private ScratchDirectory? _scratch;
    private ChildProcess? _process;
    private IContainer? _container;

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
        var port = FreeTcpPort.Next();
        BaseUrl = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        _process = ChildProcess.Start(Binary, [
            $"-storageDataPath={_scratch.CreateSubdirectory("data")}",
            $"-httpListenAddr=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
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
