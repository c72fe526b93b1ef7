namespace Inclusion.Iot.EndToEnd.Tests;

/// <summary>Reads the server's SQLite records directly (read-only), to check what it holds, not what it says.</summary>
internal sealed class ServerRecords(string databasePath)
{
    public Task<long> EventCountAsync() => ReadOnlySqlite.ScalarAsync(databasePath, "SELECT count(*) FROM raw_events");

    /// <summary>Every sequence stored for the edge, ascending, duplicates included (there must be none).</summary>
    public async Task<List<long>> SequencesAsync(string edgeId)
    {
        await using var connection = await ReadOnlySqlite.OpenAsync(databasePath);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sequence FROM raw_events WHERE edge_id = $edge ORDER BY sequence";
        command.Parameters.AddWithValue("$edge", edgeId);
        var sequences = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            sequences.Add(reader.GetInt64(0));
        }

        return sequences;
    }
}

internal static class AdminSelectors
{
    public static string PupilSection(string pupilId) => $"section#pupil-{pupilId}";
}
