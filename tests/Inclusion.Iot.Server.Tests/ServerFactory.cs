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

    public ServerFactory(StorageOptions? storage = null, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        _settings = settings ?? new Dictionary<string, string?>();
        _services = services;
        _storage = storage ?? new StorageOptions { Provider = "Sqlite", ConnectionString = $"Data Source={_scratch.File("server.db")}" };
    }

    public CapturedLogs Logs { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 30, 0, TimeSpan.Zero));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = _storage.Provider,
            ["Storage:ConnectionString"] = _storage.ConnectionString,
            ["Demo:Seed"] = "true",
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
