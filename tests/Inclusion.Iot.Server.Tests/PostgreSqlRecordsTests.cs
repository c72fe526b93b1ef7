using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Ingest;
using Inclusion.Iot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Inclusion.Iot.Server.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlRecordsTests(PostgresFixture postgres) : RecordsTests
{
    [Fact]
    public async Task Two_concurrent_uploads_of_the_same_edge_serialise_on_its_row_and_store_each_sequence_once()
    {
        var batch = Enumerable.Range(1, 200).Select(i => Events.Occupancy(i, i % 2 == 0)).ToList();

        // The barrier: a third transaction holds the edge's row until both uploads are waiting for it.
        await using var holder = new NpgsqlConnection(Storage.ConnectionString);
        await holder.OpenAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var lockEdge = new NpgsqlCommand("SELECT 1 FROM edges WHERE id = @id FOR UPDATE", holder, transaction))
        {
            lockEdge.Parameters.AddWithValue("id", EdgeId);
            await lockEdge.ExecuteScalarAsync();
        }

        var first = IngestAsync(batch);
        var second = IngestAsync(batch);
        await WaitUntilWaitingForLocksAsync(2, first, second);
        await transaction.CommitAsync();

        var results = await Task.WhenAll(first, second);
        Assert.Equal(200, results.Sum(r => r.Stored));
        Assert.Equal(200, results.Sum(r => r.Duplicates));
        Assert.All(results, r => Assert.Equal(200, r.AcknowledgedSequence));
        await using var db = NewContext();
        Assert.Equal(200, await db.RawEvents.CountAsync());
        Assert.Equal(200, (await db.Edges.SingleAsync()).HighWaterSequence);
    }

    [Fact]
    public async Task Two_multi_batch_calls_naming_two_edges_in_opposite_orders_lock_them_in_id_order_and_do_not_deadlock()
    {
        await using (var db = NewContext())
        {
            db.Edges.Add(new Data.Edge { Id = "edge-sensory-0", RoomId = "room-sensory-1" });
            await db.SaveChangesAsync();
        }

        // The barrier holds the first edge in id order: both calls must wait for it before they hold the other one.
        await using var holder = new NpgsqlConnection(Storage.ConnectionString);
        await holder.OpenAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var lockEdge = new NpgsqlCommand("SELECT 1 FROM edges WHERE id = 'edge-sensory-0' FOR UPDATE", holder, transaction))
        {
            await lockEdge.ExecuteScalarAsync();
        }

        var batch = Enumerable.Range(1, 50).Select(i => Events.Occupancy(i, i % 2 == 0)).ToList();
        var forwards = IngestCallAsync([Events.Batch(batch), Events.Batch(batch, "edge-sensory-0")]);
        var backwards = IngestCallAsync([Events.Batch(batch, "edge-sensory-0"), Events.Batch(batch)]);
        await WaitUntilWaitingForLocksAsync(2, forwards, backwards);
        await transaction.CommitAsync();

        var results = (await Task.WhenAll(forwards, backwards)).SelectMany(r => r).ToList();
        Assert.All(results, r => Assert.Equal(50, r.AcknowledgedSequence));
        Assert.Equal(100, results.Sum(r => r.Stored));
        await using var check = NewContext();
        Assert.Equal(100, await check.RawEvents.CountAsync());
    }

    private async Task<IReadOnlyList<IngestResult>> IngestCallAsync(IReadOnlyList<Records.Incoming.EdgeBatch> batches)
    {
        await using var db = NewContext();
        return await new EventIngest(db, Time, NullLogger<EventIngest>.Instance).IngestAsync(batches, CancellationToken.None);
    }

    protected override async Task<StorageOptions> CreateStorageAsync() => new()
    {
        Provider = "PostgreSql",
        ConnectionString = await postgres.CreateDatabaseAsync(),
    };

    private async Task WaitUntilWaitingForLocksAsync(int sessions, params Task[] uploads)
    {
        await using var watcher = new NpgsqlConnection(Storage.ConnectionString);
        await watcher.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", watcher);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((long)(await count.ExecuteScalarAsync(deadline.Token))! < sessions)
        {
            var finished = uploads.FirstOrDefault(u => u.IsCompleted);
            Assert.True(finished is null, $"An upload finished while the edge's row was locked: it did not wait for the lock ({finished?.Status}).");
            await Task.Delay(20, deadline.Token);
        }
    }
}
