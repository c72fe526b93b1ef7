using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Testing;

namespace Inclusion.Iot.Server.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlRecordsTests(PostgresFixture postgres) : RecordsTests
{
    protected override async Task<StorageOptions> CreateStorageAsync() => new()
    {
        Provider = "PostgreSql",
        ConnectionString = await postgres.CreateDatabaseAsync(),
    };
}
