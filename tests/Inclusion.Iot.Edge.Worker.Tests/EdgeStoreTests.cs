using Inclusion.Iot.Edge.Worker.Storage;
using Inclusion.Iot.Testing;
using Microsoft.Data.Sqlite;

namespace Inclusion.Iot.Edge.Worker.Tests;

public sealed class EdgeStoreTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new("edge-store");

    private string Database => _scratch.File("edge.db");

    [Fact]
    public void Events_get_ascending_sequences_and_come_back_in_order()
    {
        using var store = new EdgeStore(Database);
        var first = store.Commit([Event("a"), Event("b")], "{}");
        var second = store.Commit([Event("c")], "{}");

        Assert.Equal([1L, 2L], first);
        Assert.Equal([3L], second);
        Assert.Equal(["a", "b", "c"], store.Unacknowledged(10).Select(e => e.Kind));
        Assert.Equal(["a", "b"], store.Unacknowledged(2).Select(e => e.Kind));
    }

    [Fact]
    public void The_room_state_is_stamped_with_the_hosts_clock()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 30, 0, TimeSpan.Zero));
        using (var store = new EdgeStore(Database, time))
        {
            store.Commit([Event("a")], "{\"mode\":\"idle\"}");
        }

        using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT updated_at FROM room_state WHERE id = 1";
        Assert.Equal("2026-11-24T09:30:00.0000000Z", command.ExecuteScalar());
    }

    [Fact]
    public void Acknowledged_events_are_not_uploaded_again()
    {
        using var store = new EdgeStore(Database);
        store.Commit([Event("a"), Event("b"), Event("c")], null);
        store.MarkAcknowledged(2);
        Assert.Equal([3L], store.Unacknowledged(10).Select(e => e.Sequence));
        Assert.Equal(1, store.CountUnacknowledged());
    }

    [Fact]
    public void Events_and_state_survive_reopening_and_numbering_continues()
    {
        using (var store = new EdgeStore(Database))
        {
            store.Commit([Event("a"), Event("b")], """{"mode":"Session"}""");
            store.MarkAcknowledged(2);
        }

        SqliteConnection.ClearAllPools();
        using var reopened = new EdgeStore(Database);
        Assert.Equal("""{"mode":"Session"}""", reopened.LoadState());
        Assert.Equal([3L], reopened.Commit([Event("c")], null));
    }

    [Fact]
    public void The_store_runs_in_WAL_mode()
    {
        using (new EdgeStore(Database))
        {
            using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode;";
            Assert.Equal("wal", command.ExecuteScalar());
        }
    }

    [Fact]
    public void A_checkpoint_beside_the_commits_moves_the_WAL_into_the_database_and_loses_nothing()
    {
        using var store = new EdgeStore(Database);
        for (var i = 0; i < 50; i++) store.Commit([Event($"e{i}")], "{}");

        // The commits were left in the WAL (the automatic checkpoint is only a backstop now); the checkpoint copies them.
        Assert.True(store.CheckpointWal() >= 50);
        store.Commit([Event("after")], "{}");
        Assert.Equal(51, store.CountUnacknowledged());
        Assert.Equal("after", store.Unacknowledged(100)[^1].Kind);
    }

    [Fact]
    public void Checkpointing_after_every_few_hundred_decisions_keeps_the_WAL_from_growing()
    {
        var state = new string('s', 2000);
        long WalAfter(bool checkpointAfterDecisions, string name)
        {
            var path = _scratch.File(name);
            using var store = new EdgeStore(path);
            for (var i = 0; i < EdgeStore.CommitsPerCheckpoint * 6; i++)
            {
                store.Commit([Event($"e{i}")], state);
                Assert.Equal(checkpointAfterDecisions && (i + 1) % EdgeStore.CommitsPerCheckpoint == 0, checkpointAfterDecisions && store.CheckpointIfDue());
            }

            Assert.Equal(EdgeStore.CommitsPerCheckpoint * 6, store.CountUnacknowledged());
            return new FileInfo(path + "-wal").Length;
        }

        var growing = WalAfter(checkpointAfterDecisions: false, "growing.db");
        var restarting = WalAfter(checkpointAfterDecisions: true, "restarting.db");

        // Each checkpoint copied the whole WAL, so the next commit wrote it again from its start: the file holds about
        // one period of commits, not all six.
        Assert.True(restarting * 3 < growing, $"WAL {restarting} bytes with the checkpoints, {growing} without");
    }

    [Fact]
    public void A_fresh_outbox_continues_after_the_servers_acknowledged_sequence()
    {
        using var store = new EdgeStore(Database);
        store.Commit([Event("edge_started"), Event("badge")], null);
        Assert.False(store.IsAligned);

        store.AlignWithServer(57);

        Assert.True(store.IsAligned);
        Assert.Equal([58L, 59L], store.Unacknowledged(10).Select(e => e.Sequence));
        Assert.Equal(["edge_started", "badge"], store.Unacknowledged(10).Select(e => e.Kind));
        Assert.Equal([60L], store.Commit([Event("next")], null));
    }

    [Fact]
    public void A_fresh_outbox_with_a_new_server_keeps_its_numbering()
    {
        using var store = new EdgeStore(Database);
        store.Commit([Event("a")], null);
        store.AlignWithServer(0);
        Assert.Equal([1L], store.Unacknowledged(10).Select(e => e.Sequence));
        Assert.Equal([2L], store.Commit([Event("b")], null));
    }

    [Fact]
    public void Once_aligned_the_servers_sequence_acknowledges_instead_of_renumbering()
    {
        using var store = new EdgeStore(Database);
        store.AlignWithServer(0);
        store.Commit([Event("a"), Event("b"), Event("c")], null);

        // The upload reply was lost; the next sync tells us the server holds 1..2.
        store.AlignWithServer(2);

        Assert.Equal([3L], store.Unacknowledged(10).Select(e => e.Sequence));
        Assert.Equal([4L], store.Commit([Event("d")], null));
    }

    [Fact]
    public void State_is_written_with_its_events_in_one_transaction()
    {
        using var store = new EdgeStore(Database);
        Assert.Equal([1L], store.Commit([Event("a")], "one"));

        // From now on the state write fails (as a full disk or a damaged page would), after the events were inserted.
        using (var connection = new SqliteConnection($"Data Source={Database};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TRIGGER state_write_fails BEFORE UPDATE ON room_state BEGIN SELECT RAISE(ABORT, 'state write fails'); END;
                CREATE TRIGGER state_insert_fails BEFORE INSERT ON room_state BEGIN SELECT RAISE(ABORT, 'state write fails'); END;
                """;
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<SqliteException>(() => store.Commit([Event("b"), Event("c")], "two"));
        Assert.Contains("state write fails", error.Message, StringComparison.Ordinal);

        // Neither of that commit's events remains, nor its sequence numbers; the old state stands.
        Assert.Equal([(1L, "a")], store.Unacknowledged(10).Select(e => (e.Sequence, e.Kind)));
        Assert.Equal(1, store.CountUnacknowledged());
        Assert.Equal("one", store.LoadState());
        Assert.Equal([2L], store.Commit([Event("d")], null));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _scratch.Dispose();
    }

    private static (string, DateTimeOffset, byte[]) Event(string kind) => (kind, DateTimeOffset.UnixEpoch, [1, 2, 3]);
}
