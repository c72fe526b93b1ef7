using System.Globalization;
using Grpc.Net.Client;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Testing;
using Microsoft.Data.Sqlite;

namespace Inclusion.Iot.Server.Tests;

/// <summary>The built server as its own process, the way demo.sh and the edges use it: Kestrel endpoints from configuration.</summary>
public sealed class ServerProcessTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new("server-process");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _scratch.Dispose();
    }

    [Theory]
    [InlineData("en_US.UTF-8", "Configuration error: Storage:Provider is 'Oracle': it must be 'Sqlite' or 'PostgreSql'.")]
    [InlineData("uk_UA.UTF-8", "Помилка конфігурації: Параметр Storage:Provider дорівнює 'Oracle', а має бути 'Sqlite' або 'PostgreSql'.")]
    [InlineData("ru_RU.UTF-8", "Ошибка конфигурации: Параметр Storage:Provider равен 'Oracle', а должен быть 'Sqlite' или 'PostgreSql'.")]
    public async Task A_bad_storage_provider_stops_start_up_with_a_message_naming_the_key_in_the_language_of_LC_ALL(string locale, string message)
    {
        await using var server = Start(
            new Dictionary<string, string> { ["LC_ALL"] = locale },
            "--Storage:Provider=Oracle",
            $"--Storage:ConnectionString=Data Source={_scratch.File("bad.db")}");
        var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.NotEqual(0, exitCode);
        Assert.Contains(message, server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_serves_health_on_the_admin_endpoint_and_grpc_h2c_on_the_grpc_endpoint()
    {
        var admin = FreeTcpPort.Next();
        var grpc = FreeTcpPort.Next();
        await using var server = Start(
            "--Storage:Provider=Sqlite",
            $"--Storage:ConnectionString=Data Source={_scratch.File(Path.Combine("new-directory", "server.db"))}",
            $"--Kestrel:Endpoints:Admin:Url=http://127.0.0.1:{admin.ToString(CultureInfo.InvariantCulture)}",
            $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{grpc.ToString(CultureInfo.InvariantCulture)}",
            "--Demo:Seed=true");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var adminUrl = new Uri($"http://127.0.0.1:{admin.ToString(CultureInfo.InvariantCulture)}");
        await Readiness.WaitAsync(server, $"the server at {adminUrl}", async ct =>
        {
            using var response = await http.GetAsync(new Uri(adminUrl, "/health"), ct);
            return response.IsSuccessStatusCode;
        }, TimeSpan.FromSeconds(60));

        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpc.ToString(CultureInfo.InvariantCulture)}");
        var reply = await new EdgeGateway.EdgeGatewayClient(channel).GetConfigurationAsync(new GetConfigurationRequest { EdgeId = "edge-sensory-1" });
        Assert.Equal("room-sensory-1", reply.Snapshot.Room.RoomId);
        Assert.True(File.Exists(_scratch.File(Path.Combine("new-directory", "server.db"))));
    }

    [Fact]
    public async Task Rebuild_projections_runs_instead_of_the_web_host_prints_its_summary_and_exits_0_or_1_with_the_reason()
    {
        var database = $"--Storage:ConnectionString=Data Source={_scratch.File("rebuild.db")}";
        await using (var rebuild = Start(new Dictionary<string, string> { ["LC_ALL"] = "en_US.UTF-8" }, "rebuild-projections", "--Storage:Provider=Sqlite", database, "--Demo:Seed=false"))
        {
            Assert.Equal(0, await rebuild.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("Projections rebuilt from 0 raw events of 0 edges (0 unreadable, passed over): 0 sessions, 0 occupancy intervals, 0 device health rows, 0 decisions, 0 alerts.", rebuild.Output, StringComparison.Ordinal);
        }

        await using var refused = Start(new Dictionary<string, string> { ["LC_ALL"] = "en_US.UTF-8" }, "rebuild-projections", "--Storage:Provider=Oracle", database);
        Assert.Equal(1, await refused.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("Configuration error: Storage:Provider is 'Oracle'", refused.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_audit_runs_instead_of_the_web_host_and_exits_0_intact_1_broken_at_the_edited_entry_2_for_a_bad_argument()
    {
        var storage = new Data.StorageOptions { Provider = "Sqlite", ConnectionString = $"Data Source={_scratch.File("audit.db")}" };
        var builder = new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<Data.ServerDbContext>();
        Data.ServerStorage.Configure(builder, storage);
        await using (var db = new Data.ServerDbContext(builder.Options))
        {
            await Data.ServerStorage.MigrateAsync(db, storage, CancellationToken.None);
            var log = new Records.Audit.AuditLog(db, TimeProvider.System);
            for (var i = 0; i < 5; i++)
            {
                await log.AppendAsync(Records.Audit.AuditActor.System("org-demo", Records.Audit.AuditActor.CommandOrigin), Data.AuditAction.Read, "pupil", $"p-{i}", null, CancellationToken.None);
            }
        }

        SqliteConnection.ClearAllPools();
        string[] arguments = ["verify-audit", "--Storage:Provider=Sqlite", $"--Storage:ConnectionString={storage.ConnectionString}"];
        await using (var intact = Start(arguments))
        {
            Assert.Equal(0, await intact.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("audit chain intact: 5 entries", intact.Output, StringComparison.Ordinal);
            Assert.Matches("last entry #5: [0-9a-f]{64}", intact.Output);
        }

        await using (var connection = new SqliteConnection(storage.ConnectionString))
        {
            await connection.OpenAsync();
            await using var edit = connection.CreateCommand();
            edit.CommandText = "UPDATE audit_entries SET subject_id = 'p-x' WHERE sequence = 3";
            Assert.Equal(1, await edit.ExecuteNonQueryAsync());
        }

        SqliteConnection.ClearAllPools();
        await using (var broken = Start(arguments))
        {
            Assert.Equal(1, await broken.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("audit chain broken at entry #3: hash mismatch", broken.Output, StringComparison.Ordinal);
        }

        await using var refused = Start([.. arguments, "now"]);
        Assert.Equal(2, await refused.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("verify-audit: unexpected argument 'now'", refused.Output, StringComparison.Ordinal);

        // A database without the audit tables (never migrated) is a storage error, not a broken chain.
        await using var empty = Start("verify-audit", "--Storage:Provider=Sqlite", $"--Storage:ConnectionString=Data Source={_scratch.File("empty.db")}");
        Assert.Equal(2, await empty.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("verify-audit: could not read the audit log:", empty.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unusable_retention_interval_stops_start_up_naming_the_key()
    {
        await using var server = Start(
            new Dictionary<string, string> { ["LC_ALL"] = "en_US.UTF-8" },
            "--Storage:Provider=Sqlite",
            $"--Storage:ConnectionString=Data Source={_scratch.File("retention.db")}",
            "--Retention:Interval=00:00:05");
        Assert.NotEqual(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("Configuration error: Retention:Interval must be 00:01:00..7.00:00:00 (it is 00:00:05).", server.Output, StringComparison.Ordinal);
    }

    private static ChildProcess Start(params string[] arguments) => Start(null, arguments);

    private static ChildProcess Start(IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        ChildProcess.Start(
            "dotnet",
            [Path.Combine(ServerLayout.ApiOutputDirectory, "Inclusion.Iot.Server.Api.dll"), .. arguments],
            workingDirectory: ServerLayout.ApiOutputDirectory,
            environment: environment);
}
