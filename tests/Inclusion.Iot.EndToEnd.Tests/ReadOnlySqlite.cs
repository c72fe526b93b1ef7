using Microsoft.Data.Sqlite;

namespace Inclusion.Iot.EndToEnd.Tests;

/// <summary>Read-only, unpooled access to a program's SQLite file (WAL: safe to read while the program writes).</summary>
internal static class ReadOnlySqlite
{
    public static async Task<SqliteConnection> OpenAsync(string databasePath)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A single number (a count, a maximum …); 0 while the file does not exist yet.</summary>
    public static async Task<long> ScalarAsync(string databasePath, string sql)
    {
        if (!File.Exists(databasePath))
        {
            return 0;
        }

        await using var connection = await OpenAsync(databasePath);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync() ?? 0L);
    }
}
