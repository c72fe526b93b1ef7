using System.Globalization;
using Npgsql;
using Testcontainers.PostgreSql;
using Xunit;

namespace Inclusion.Iot.Testing;

/// <summary>
/// A throwaway PostgreSQL server on a random loopback port: initdb into a temp directory and the Debian
/// binaries, or Testcontainers where a Docker engine answers. Each test asks for a fresh database.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private const string Image = "postgres:16-alpine";
    private const string SuperUser = "postgres";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    private ScratchDirectory? _scratch;
    private ChildProcess? _process;
    private PostgreSqlContainer? _container;
    private int _databases;

    /// <summary>Connection string to the server's maintenance database as the superuser.</summary>
    public string AdminConnectionString { get; private set; } = string.Empty;

    /// <summary>The server's log so far, for assertion messages.</summary>
    public string Log => _process?.Output ?? string.Empty;

    public async Task InitializeAsync()
    {
        if (DockerEngine.IsAvailable)
        {
            _container = new PostgreSqlBuilder(Image).Build();
            await _container.StartAsync().ConfigureAwait(false);
            AdminConnectionString = _container.GetConnectionString();
            return;
        }

        await StartLocalAsync().ConfigureAwait(false);
    }

    /// <summary>Creates an empty database and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync(string? name = null)
    {
        name ??= $"test_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}";
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new ArgumentException("Database names are letters, digits and '_'.", nameof(name));
        }

        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
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

    private async Task StartLocalAsync()
    {
        var bin = RequiredBinary.PostgresBinDirectory();
        _scratch = new ScratchDirectory("postgres");
        var dataDir = _scratch.CreateSubdirectory("data");
        var socketDir = _scratch.CreateSubdirectory("socket");
        var port = FreeTcpPort.Next();

        // PostgreSQL refuses to run as root: as root, run it as the Debian 'postgres' user on a directory it owns.
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await ChildProcess.RunAsync("/bin/chown", ["-R", $"{SuperUser}:", _scratch.Path], CommandTimeout).ConfigureAwait(false);
        }

        string[] Wrap(string binary, params string[] arguments) =>
            asRoot ? ["-u", SuperUser, "--", Path.Combine(bin, binary), .. arguments] : arguments;
        var launcher = (string binary) => asRoot ? "/usr/sbin/runuser" : Path.Combine(bin, binary);

        await ChildProcess.RunAsync(
            launcher("initdb"),
            Wrap("initdb", "-D", dataDir, "-U", SuperUser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"),
            CommandTimeout).ConfigureAwait(false);

        _process = ChildProcess.Start(
            launcher("postgres"),
            Wrap("postgres", "-D", dataDir, "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture),
                "-k", socketDir, "-F", "-c", "full_page_writes=off", "-c", "synchronous_commit=off",
                "-c", "max_connections=200"),
            stopSignal: ChildProcessStopSignal.Interrupt);

        AdminConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = SuperUser,
            Database = "postgres",
            Pooling = false,
            Timeout = 5,
        }.ConnectionString;

        await Readiness.WaitAsync(_process, $"postgres on 127.0.0.1:{port}", async ct =>
        {
            await using var connection = new NpgsqlConnection(AdminConnectionString);
            await connection.OpenAsync(ct).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
    }
}
