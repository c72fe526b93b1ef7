using Google.Protobuf;
using Inclusion.Iot.Contracts.Edge.V1;

namespace Inclusion.Iot.EndToEnd.Tests;

/// <summary>Reads the edge's SQLite outbox (edge.db, WAL: safe to read while the edge writes).</summary>
internal sealed class EdgeOutbox(string dataDirectory)
{
    private string DatabasePath => Path.Combine(dataDirectory, "edge.db");

    public Task<long> CountAsync() => ScalarAsync("SELECT count(*) FROM outbox");

    public Task<long> PendingCountAsync() => ScalarAsync("SELECT count(*) FROM outbox WHERE acknowledged = 0");

    public Task<long> LastSequenceAsync() => ScalarAsync("SELECT coalesce(max(sequence), 0) FROM outbox");

    public async Task<bool> HasSessionEndedAsync() => (await EventsAsync()).Any(e => e.BodyCase == EdgeEvent.BodyOneofCase.SessionEnded);

    public async Task<List<long>> SequencesAsync() => [.. (await EventsAsync()).Select(e => e.Sequence)];

    /// <summary>Every event in the outbox as the edge uploads it (the sequence set from the row), ascending.</summary>
    public async Task<List<EdgeEvent>> EventsAsync()
    {
        if (!File.Exists(DatabasePath))
        {
            return [];
        }

        await using var connection = await ReadOnlySqlite.OpenAsync(DatabasePath);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sequence, payload FROM outbox ORDER BY sequence";
        var events = new List<EdgeEvent>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var edgeEvent = EdgeEvent.Parser.ParseFrom((byte[])reader.GetValue(1));
            edgeEvent.Sequence = reader.GetInt64(0);
            events.Add(edgeEvent);
        }

        return events;
    }

    private Task<long> ScalarAsync(string sql) => ReadOnlySqlite.ScalarAsync(DatabasePath, sql);
}

internal static class PanelSelectors
{
    public const string State = "#state";
    public const string Pupils = "#pupils";
    public const string EndSession = "#end-session";
}
