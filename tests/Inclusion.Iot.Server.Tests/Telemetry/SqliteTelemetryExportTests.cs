using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Testing;
using Microsoft.Data.Sqlite;

namespace Inclusion.Iot.Server.Tests.Telemetry;

public sealed class SqliteTelemetryExportTests : TelemetryExportTests
{
    private readonly ScratchDirectory _scratch = new("telemetry-sqlite");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _scratch.Dispose();
    }

    protected override Task<StorageOptions> CreateStorageAsync() => Task.FromResult(new StorageOptions
    {
        Provider = "Sqlite",
        ConnectionString = $"Data Source={_scratch.File("records.db")}",
    });
}
