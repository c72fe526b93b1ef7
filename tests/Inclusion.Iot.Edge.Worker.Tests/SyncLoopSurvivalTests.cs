using System.Net;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Edge.Worker.Sync;
using Inclusion.Iot.Testing;
using Microsoft.Data.Sqlite;

namespace Inclusion.Iot.Edge.Worker.Tests;

/// <summary>
/// The outbox upload and the configuration sync log and continue on any failure of an iteration; they never stop the
/// host (style rule 6). Each fault here is one the edge meets on a Pi: a damaged row, a damaged database, a full or
/// broken data directory.
/// </summary>
public sealed class SyncLoopSurvivalTests() : EdgeHostTests("sync-survival")
{
    // The ASCII text "garbage": 'g' = 0x67 is field 12 with wire type 7, which does not exist, so it never parses.
    private static readonly byte[] Garbage = "garbage"u8.ToArray();

    [Fact]
    public async Task An_unreadable_outbox_row_is_quarantined_and_uploaded_as_OutboxRowUnreadable_under_its_sequence_and_the_rest_drains()
    {
        await using var edge = await StartEdgeAsync();
        edge.Logs.ExpectError("LogQuarantined");
        await WaitForFirstUploadAsync(edge);

        // Server down, so the good events and the bad row go up in one batch.
        Server.Available = false;
        await DoorAsync(edge, open: true, count: 1);
        await ExecuteAsync(edge, "INSERT INTO outbox (kind, occurred_at, payload) VALUES ('door_changed', '2026-11-24T09:00:00.0000000Z', $payload)", Garbage);
        await DoorAsync(edge, open: false, count: 2);
        Server.Available = true;

        await UntilOrStoppedAsync(edge, () => Server.Stored.Count(e => e.BodyCase == EdgeEvent.BodyOneofCase.DoorChanged) == 2, "both door events on the server");
        var stored = Server.Stored;
        Assert.Equal(Enumerable.Range(1, stored.Count).Select(i => (long)i), stored.Select(e => e.Sequence));
        var bodies = stored.SkipWhile(e => e.BodyCase != EdgeEvent.BodyOneofCase.DoorChanged).Select(e => e.BodyCase).ToList();
        Assert.Equal([EdgeEvent.BodyOneofCase.DoorChanged, EdgeEvent.BodyOneofCase.OutboxRowUnreadable, EdgeEvent.BodyOneofCase.DoorChanged], bodies);
        var standIn = stored.Single(e => e.BodyCase == EdgeEvent.BodyOneofCase.OutboxRowUnreadable);
        Assert.Equal(("door_changed", Garbage.Length), (standIn.OutboxRowUnreadable.Kind, standIn.OutboxRowUnreadable.PayloadBytes));
        Assert.StartsWith($"outbox row {standIn.Sequence} unreadable: ", standIn.OutboxRowUnreadable.Reason, StringComparison.Ordinal);
        Assert.Equal(new DateTime(2026, 11, 24, 9, 0, 0, DateTimeKind.Utc), standIn.OccurredAt.ToDateTime());
        Assert.Equal("room-sensory-1", standIn.RoomId);

        // The raw bytes are kept for inspection, once, under the row's sequence; the outbox row now holds the stand-in.
        var quarantined = await QueryAsync(edge, "SELECT sequence, kind, payload FROM outbox_quarantine", r => (r.GetInt64(0), r.GetString(1), (byte[])r[2]));
        var (sequence, kind, raw) = Assert.Single(quarantined);
        Assert.Equal((standIn.Sequence, "door_changed"), (sequence, kind));
        Assert.Equal(Garbage, raw);
        Assert.Single(edge.Logs.Lines, l => l.Contains($"Outbox row {standIn.Sequence} (door_changed", StringComparison.Ordinal));

        Assert.True(edge.IsRunning);
        await DoorAsync(edge, open: true, count: 3);
        await EdgeHarness.Until(() => Task.FromResult(Server.Stored.Count(e => e.BodyCase == EdgeEvent.BodyOneofCase.DoorChanged) == 3), "a later event on the server");
    }

    [Fact]
    public async Task A_damaged_outbox_table_makes_the_uploader_back_off_and_drain_after_repair_without_stopping_the_host()
    {
        await using var edge = await StartEdgeAsync();
        // The uploader on the damaged table, and the configuration sync, whose alignment reads it too.
        edge.Logs.ExpectError("Outbox upload iteration failed (SqliteException)").ExpectError("Configuration sync iteration failed (SqliteException)");
        await WaitForFirstUploadAsync(edge);

        await ExecuteAsync(edge, "ALTER TABLE outbox RENAME TO outbox_damaged");

        // Barrier: the uploader failed on the store at least twice, so it came back after the first failure.
        await UntilOrStoppedAsync(edge, () => UploaderStoreFailures(edge) >= 2, "the uploader failing twice on the damaged outbox");
        using (var health = await edge.Http.GetAsync(new Uri("/health", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        await ExecuteAsync(edge, "ALTER TABLE outbox_damaged RENAME TO outbox");
        await DoorAsync(edge, open: true, count: 1);
        await EdgeHarness.Until(() => Task.FromResult(Server.Stored.Any(e => e.BodyCase == EdgeEvent.BodyOneofCase.DoorChanged)), "the door event on the server after repair");
        Assert.Equal(Enumerable.Range(1, Server.Stored.Count).Select(i => (long)i), Server.Stored.Select(e => e.Sequence));
        Assert.True(edge.IsRunning);
    }

    [Fact]
    public async Task A_configuration_cache_that_cannot_be_written_makes_the_sync_retry_and_the_new_snapshot_arrives_after_repair()
    {
        await using var edge = await StartEdgeAsync();
        edge.Logs.ExpectError("Configuration sync iteration failed (UnauthorizedAccessException)").ExpectError("Configuration sync iteration failed (IOException)");
        await EdgeHarness.Until(async () => (await edge.StateAsync()).GetProperty("configurationVersion").GetInt64() == 3, "the first snapshot");

        // The cache writes configuration.pb.tmp then renames it; a directory in its place makes every write fail, as a
        // damaged or read-only data directory does.
        var blocker = Path.Combine(edge.DataDirectory, ConfigurationCache.FileName + ".tmp");
        Directory.CreateDirectory(blocker);
        var next = FakeEdgeGateway.DemoSnapshot();
        next.Version = 4;
        Server.Snapshot = next;

        // Barrier: the sync fetched the new snapshot and failed to store it at least twice.
        await UntilOrStoppedAsync(edge, () => edge.Logs.Lines.Count(l => l.Contains("Configuration sync iteration failed (UnauthorizedAccessException)", StringComparison.Ordinal) || l.Contains("Configuration sync iteration failed (IOException)", StringComparison.Ordinal)) >= 2, "the sync failing twice on the cache");
        Assert.Equal(3, (await edge.StateAsync()).GetProperty("configurationVersion").GetInt64());

        Directory.Delete(blocker);
        await EdgeHarness.Until(async () => (await edge.StateAsync()).GetProperty("configurationVersion").GetInt64() == 4, "the new snapshot after repair");
        Assert.True(edge.IsRunning);
    }

    /// <summary>Waits for <paramref name="condition"/>; fails at once, with the edge's log, if the host began to stop instead.</summary>
    private static async Task UntilOrStoppedAsync(EdgeHarness edge, Func<bool> condition, string what)
    {
        await EdgeHarness.Until(() => Task.FromResult(condition() || !edge.IsRunning), what);
        Assert.True(edge.IsRunning, $"The host stopped while waiting for {what}:{Environment.NewLine}{string.Join(Environment.NewLine, edge.Logs.Lines)}");
    }

    private static int UploaderStoreFailures(EdgeHarness edge) =>
        edge.Logs.Lines.Count(l => l.Contains("Outbox upload iteration failed (SqliteException)", StringComparison.Ordinal) && l.Contains("no such table: outbox", StringComparison.Ordinal));

    private async Task<EdgeHarness> StartEdgeAsync()
    {
        var edge = new EdgeHarness(Scratch.CreateSubdirectory(Guid.NewGuid().ToString("N")), FreeTcpPort.Next(), Server.Url);
        await edge.StartAsync();
        return edge;
    }

    /// <summary>The outbox is aligned with the server and EdgeStarted is uploaded: the upload loop is running.</summary>
    private async Task WaitForFirstUploadAsync(EdgeHarness edge) =>
        await EdgeHarness.Until(() => Task.FromResult(Server.Stored.Any(e => e.BodyCase == EdgeEvent.BodyOneofCase.EdgeStarted)), "EdgeStarted on the server");

    /// <summary>Opens or closes the door and waits until the edge has recorded and published its <paramref name="count"/>-th door event.</summary>
    private static async Task DoorAsync(EdgeHarness edge, bool open, int count)
    {
        await edge.PublishAsync("zigbee2mqtt/sensory1-door", open ? """{"contact":false}""" : """{"contact":true}""");
        await EdgeHarness.Until(() => Task.FromResult(edge.Messages.Count(m => m.Topic == "inclusion/room-sensory-1/event/door_changed") == count), $"door event {count}");
    }

    private static async Task ExecuteAsync(EdgeHarness edge, string sql, byte[]? payload = null)
    {
        await using var connection = Open(edge);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (payload is not null) command.Parameters.AddWithValue("$payload", payload);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<T>> QueryAsync<T>(EdgeHarness edge, string sql, Func<SqliteDataReader, T> read)
    {
        await using var connection = Open(edge);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var result = new List<T>();
        while (await reader.ReadAsync()) result.Add(read(reader));
        return result;
    }

    private static SqliteConnection Open(EdgeHarness edge) => new($"Data Source={Path.Combine(edge.DataDirectory, "edge.db")};Pooling=False");
}
