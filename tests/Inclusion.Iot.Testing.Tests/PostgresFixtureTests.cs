using Npgsql;

namespace Inclusion.Iot.Testing.Tests;

public sealed class PostgresFixtureTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Each_database_is_fresh_and_separate()
    {
        var first = await postgres.CreateDatabaseAsync();
        var second = await postgres.CreateDatabaseAsync();
        Assert.NotEqual(new NpgsqlConnectionStringBuilder(first).Database, new NpgsqlConnectionStringBuilder(second).Database);

        await ExecuteAsync(first, "CREATE TABLE marker (id int primary key); INSERT INTO marker VALUES (1)");
        Assert.Equal(1L, await ScalarAsync(first, "SELECT count(*) FROM marker"));
        Assert.Equal(0L, await ScalarAsync(second, "SELECT count(*) FROM pg_tables WHERE tablename = 'marker'"));
    }

    [Fact]
    public async Task Listens_on_loopback_only()
    {
        // The kernel's table of listening sockets, not the host name the fixture wrote in its connection string.
        var port = new NpgsqlConnectionStringBuilder(postgres.AdminConnectionString).Port;
        Assert.Contains("PostgreSQL", (string)(await ScalarObjectAsync(postgres.AdminConnectionString, "SELECT version()"))!, StringComparison.Ordinal);

        var listeners = ListeningSockets.OnPort(port);
        Assert.NotEmpty(listeners);
        Assert.All(listeners, address => Assert.True(ListeningSockets.IsLoopback(address), $"postgres listens on {address}:{port}"));
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql) =>
        Convert.ToInt64(await ScalarObjectAsync(connectionString, sql), System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<object?> ScalarObjectAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
