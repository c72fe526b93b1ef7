using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Data.Migrations;
using Inclusion.Iot.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Inclusion.Iot.Server.Tests.Security;

/// <summary>A database from before networks and accounts is brought up: its organisations join the default network.</summary>
public abstract class TenancyMigrationTests
{
    private const string Previous = "20261201185744_RawEventsWithoutEdgeForeignKey";

    protected abstract Task<StorageOptions> StorageAsync();

    [Fact]
    public async Task Organisations_stored_before_the_migration_join_the_default_network_and_accounts_start_empty()
    {
        var storage = await StorageAsync();
        var builder = new DbContextOptionsBuilder<ServerDbContext>();
        ServerStorage.Configure(builder, storage);
        await using (var before = new ServerDbContext(builder.Options))
        {
            await before.GetService<IMigrator>().MigrateAsync(Previous);
            await before.Database.ExecuteSqlRawAsync(
                "INSERT INTO organisations (id, name, time_zone, badge_salt, configuration_version, policy_escort_window_seconds, policy_group_max_minutes, "
                + "policy_group_min_minutes, policy_individual_max_minutes, policy_individual_min_minutes, policy_overrun_limit_minutes) "
                + "VALUES ('org-old', 'Old school', 'Europe/Kyiv', {0}, 3, 5, 40, 35, 25, 20, 10)",
                new byte[32]);
        }

        await using var after = new ServerDbContext(builder.Options);
        await ServerStorage.MigrateAsync(after, storage, CancellationToken.None);
        var organisation = await after.Organisations.SingleAsync();
        Assert.Equal(TenancyAndAccounts.DefaultNetworkId, organisation.NetworkId);
        Assert.Equal(3, organisation.ConfigurationVersion);
        Assert.Equal(TenancyAndAccounts.DefaultNetworkId, (await after.Networks.SingleAsync()).Id);
        Assert.Empty(await after.Accounts.ToListAsync());
    }

    [Fact]
    public async Task An_empty_database_gets_no_default_network()
    {
        var storage = await StorageAsync();
        var builder = new DbContextOptionsBuilder<ServerDbContext>();
        ServerStorage.Configure(builder, storage);
        await using var db = new ServerDbContext(builder.Options);
        await ServerStorage.MigrateAsync(db, storage, CancellationToken.None);
        Assert.Empty(await db.Networks.ToListAsync());
    }
}

public sealed class SqliteTenancyMigrationTests : TenancyMigrationTests, IDisposable
{
    private readonly ScratchDirectory _scratch = new("tenancy-migration");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _scratch.Dispose();
    }

    protected override Task<StorageOptions> StorageAsync() =>
        Task.FromResult(new StorageOptions { Provider = "Sqlite", ConnectionString = $"Data Source={_scratch.File($"{Guid.NewGuid():N}.db")}" });
}

[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlTenancyMigrationTests(PostgresFixture postgres) : TenancyMigrationTests
{
    protected override async Task<StorageOptions> StorageAsync() =>
        new() { Provider = "PostgreSql", ConnectionString = await postgres.CreateDatabaseAsync() };
}
