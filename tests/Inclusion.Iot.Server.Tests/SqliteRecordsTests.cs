using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Testing;
using Microsoft.Data.Sqlite;

namespace Inclusion.Iot.Server.Tests;

public sealed class SqliteRecordsTests : RecordsTests
{
    private readonly ScratchDirectory _scratch = new("server-sqlite");

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _scratch.Dispose();
        return Task.CompletedTask;
    }

    // A directory that does not exist yet: the server creates it.
    protected override Task<StorageOptions> CreateStorageAsync() => Task.FromResult(new StorageOptions
    {
        Provider = "Sqlite",
        ConnectionString = $"Data Source={_scratch.File(Path.Combine("data", "records.db"))}",
    });
}
