using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Testing;

namespace Inclusion.Iot.Server.Tests.Telemetry;

[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlTelemetryExportTests(PostgresFixture postgres) : TelemetryExportTests
{
    protected override async Task<StorageOptions> CreateStorageAsync() => new()
    {
        Provider = "PostgreSql",
        ConnectionString = await postgres.CreateDatabaseAsync(),
    };
}
