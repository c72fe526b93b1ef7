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
        var builder = new NpgsqlConnectionStringBuilder(postgres.AdminConnectionString);
        Assert.True(builder.Host is "127.0.0.1" or "localhost" || DockerEngine.IsAvailable, builder.Host);
        Assert.Contains("PostgreSQL", (string)(await ScalarObjectAsync(postgres.AdminConnectionString, "SELECT version()"))!, StringComparison.Ordinal);
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
