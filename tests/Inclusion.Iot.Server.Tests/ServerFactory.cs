using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using Inclusion.Iot.Server.Api.Demo;
using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Inclusion.Iot.Server.Tests;

/// <summary>The real server host in memory (TestServer), on a fresh SQLite file or a given PostgreSQL database, demo seeded.</summary>
public sealed class ServerFactory : WebApplicationFactory<Program>
{
    private readonly ScratchDirectory _scratch = new("server-host");
    private readonly StorageOptions _storage;

    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    public ServerFactory(StorageOptions? storage = null, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, bool kestrel = false)
    {
        _settings = settings ?? new Dictionary<string, string?>();
        if (kestrel)
        {
            // Real Kestrel on loopback, with the endpoints of appsettings.json moved to free ports: the gateway over TLS.
            var admin = FreeTcpPort.Next();
            var grpc = FreeTcpPort.Next();
            GrpcAddress = new Uri($"https://127.0.0.1:{grpc.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            _settings = new Dictionary<string, string?>(_settings)
            {
                ["Kestrel:Endpoints:Admin:Url"] = $"http://127.0.0.1:{admin.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
                ["Kestrel:Endpoints:Grpc:Url"] = GrpcAddress.ToString().TrimEnd('/'),
            };
            UseKestrel();
        }

        _services = services;
        _storage = storage ?? new StorageOptions { Provider = "Sqlite", ConnectionString = $"Data Source={_scratch.File("server.db")}" };
    }

    public CapturedLogs Logs { get; } = new();

    /// <summary>With <c>kestrel: true</c>, the gateway's TLS endpoint.</summary>
    public Uri? GrpcAddress { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 30, 0, TimeSpan.Zero));

    private readonly ConcurrentDictionary<string, Task<X509Certificate2>> _certificates = new(StringComparer.Ordinal);

    /// <summary>A gateway channel that presents <paramref name="edgeId"/>'s client certificate (enrolled once per factory).</summary>
    public async Task<GrpcChannel> EdgeChannelAsync(string edgeId = DemoSeed.EdgeId)
    {
        var certificate = await _certificates.GetOrAdd(edgeId, id => EdgeCertificates.EnrolAsync(Services, id));
        return ChannelWith(certificate);
    }

    /// <summary>A gateway channel that presents <paramref name="certificate"/> (null: none) as the TLS client certificate.</summary>
    public GrpcChannel ChannelWith(X509Certificate2? certificate) =>
        GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = Server.CreateHandler(c => c.Connection.ClientCertificate = certificate) });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = _storage.Provider,
            ["Storage:ConnectionString"] = _storage.ConnectionString,
            ["Demo:Seed"] = "true",
            ["Security:DataDirectory"] = _scratch.File("security"),
        }.Concat(_settings)));
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            _services?.Invoke(services);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            SqliteConnection.ClearAllPools();
            _scratch.Dispose();
        }
    }
}
