using System.Text;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Server.Api.Demo;
using Inclusion.Iot.Server.Api.Edges;
using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Ingest;
using RefusalReason = Inclusion.Iot.Contracts.Edge.V1.RefusalReason;
using Inclusion.Iot.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Inclusion.Iot.Server.Tests;

/// <summary>
/// The same uploads on SQLite (EF path) and PostgreSQL (COPY path) leave the same records and get the same answers:
/// a random but seeded history of sessions with joining pupils and escorts, uploaded as shuffled, overlapping,
/// replayed and gapped batches.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class IngestParityTests(PostgresFixture postgres) : IDisposable
{
    private readonly ScratchDirectory _scratch = new("ingest-parity");
    private readonly FakeTimeProvider _time = new(Events.Start.AddMinutes(5));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _scratch.Dispose();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    public async Task Both_stores_give_identical_results_for_the_same_uploads(int seed)
    {
        var sqlite = new StorageOptions { Provider = "Sqlite", ConnectionString = $"Data Source={_scratch.File($"parity-{seed}.db")}" };
        var postgreSql = new StorageOptions { Provider = "PostgreSql", ConnectionString = await postgres.CreateDatabaseAsync() };
        var history = History(new Random(seed), 400);
        var batches = Batches(new Random(seed + 1000), history).ToList();

        var onSqlite = await RunAsync(sqlite, batches);
        var onPostgreSql = await RunAsync(postgreSql, batches);

        Assert.Equal(onSqlite.Results, onPostgreSql.Results);
        Assert.Equal(onSqlite.Dump, onPostgreSql.Dump);
        Assert.Equal(400, onSqlite.Results[^1].AcknowledgedSequence);
        Assert.Contains(onSqlite.Results, r => r.GapAfter is not null);
        Assert.Contains(onSqlite.Results, r => r.Duplicates > 0 && r.Stored > 0);
        Assert.Contains("pupil p-7b2e4d", onSqlite.Dump, StringComparison.Ordinal);
        Assert.Contains(" RuleWarned ", onSqlite.Dump, StringComparison.Ordinal);
        Assert.Contains(" BadgeRefused ", onSqlite.Dump, StringComparison.Ordinal);
        Assert.Contains(" R-ADAPT\n", onSqlite.Dump.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    private async Task<(List<IngestResult> Results, string Dump)> RunAsync(StorageOptions storage, List<List<EdgeEvent>> batches)
    {
        await using (var db = NewContext(storage))
        {
            await ServerStorage.MigrateAsync(db, storage, CancellationToken.None);
            await new DemoSeed(db, _time, NullLogger<DemoSeed>.Instance).SeedAsync(CancellationToken.None);
        }

        var results = new List<IngestResult>();
        foreach (var batch in batches)
        {
            await using var db = NewContext(storage);
            results.Add(await ((IEventIngest)new EventIngest(db, _time, NullLogger<EventIngest>.Instance)).IngestAsync(Events.Batch(batch), CancellationToken.None));
        }

        await using var check = NewContext(storage);
        return (results, await DumpAsync(check));
    }

    private static async Task<string> DumpAsync(ServerDbContext db)
    {
        var dump = new StringBuilder();
        var edge = await db.Edges.SingleAsync(e => e.Id == DemoSeed.EdgeId);
        dump.AppendLine($"edge {edge.Id} {edge.HighWaterSequence} {edge.LastSeenAt:O} {edge.SoftwareVersion}");
        foreach (var e in await db.RawEvents.OrderBy(e => e.EdgeId).ThenBy(e => e.Sequence).ToListAsync())
        {
            dump.AppendLine($"raw {e.EdgeId} {e.Sequence} {e.Kind} {e.OccurredAt:O} {e.EdgeOccurredAt:O} {e.ClockSource} {e.ReceivedAt:O} {Convert.ToBase64String(e.Payload)}");
        }

        foreach (var s in await db.Sessions.Include(s => s.Pupils).Include(s => s.Escorts).OrderBy(s => s.Id).ToListAsync())
        {
            dump.AppendLine($"session {s.Id} {s.EdgeId} {s.RoomId} {s.Kind} {s.PlannedMinutes} {s.StartedAt:O} {s.EndedAt:O} {s.EndReason} {s.ActualSeconds} {s.EndedByStaffId} {s.Brightness} {s.ColorTempMireds} {s.ProgrammeEntryId} {s.PlannedLimitedBy}");
            foreach (var p in s.Pupils.Select(p => p.PupilId).Order(StringComparer.Ordinal)) dump.AppendLine($"  pupil {p}");
            foreach (var x in s.Escorts.Select(x => x.StaffId).Order(StringComparer.Ordinal)) dump.AppendLine($"  escort {x}");
        }

        // Every projection table, every column.
        dump.Append(await ProjectionDump.DumpAsync(db));
        return dump.ToString();
    }

    /// <summary>An edge's events 1..count: sessions started, joined, extended, replanned and ended among occupancy noise and
    /// rule decisions (rule_warned, refusals for R-SCHED, R-ADAPT and a stale configuration), with now and then an event
    /// for a session never started and a session started twice.</summary>
    private static List<EdgeEvent> History(Random random, int count)
    {
        string[] pupils = ["p-3f9a1c", "p-7b2e4d", "p-c81f05", "p-e4a7b9"];
        var events = new List<EdgeEvent>(count);
        string? running = null;
        var sessions = 0;
        for (long sequence = 1; sequence <= count; sequence++)
        {
            var roll = random.Next(100);
            EdgeEvent next;
            if (running is null && roll < 20)
            {
                running = $"s-{++sessions}";
                next = Events.Started(sequence, running, pupils[random.Next(pupils.Length)], plannedLimitedBy: roll < 5 ? "R-ADAPT" : "");
            }
            else if (running is not null && roll < 12)
            {
                next = Events.Ended(sequence, running, Contracts.Edge.V1.SessionEndReason.EndedOnPanel, random.Next(60, 1200));
                running = null;
            }
            else if (running is not null && roll < 22)
            {
                next = Events.PupilJoined(sequence, running, pupils[random.Next(pupils.Length)], random.Next(2) == 0 ? "" : "ipr-joined");
            }
            else if (running is not null && roll < 27)
            {
                next = Events.EscortJoined(sequence, running, random.Next(2) == 0 ? "staff-ivan" : "staff-olena");
            }
            else if (running is not null && roll < 30)
            {
                next = Events.Extended(sequence, running, 20 + random.Next(1, 4) * 5);
            }
            else if (running is not null && roll < 33)
            {
                next = Events.Replanned(sequence, running, Contracts.Edge.V1.SessionKind.Group, 30, roll % 2 == 0 ? "R-ADAPT" : "");
            }
            else if (roll < 35)
            {
                next = Events.PupilJoined(sequence, "s-never-started", "p-3f9a1c");
            }
            else if (roll < 36 && sessions > 0)
            {
                next = Events.Started(sequence, "s-1");
            }
            else if (running is not null && roll < 38)
            {
                // Rule decisions: stored raw on both paths, whatever the reason.
                next = Events.Warned(sequence, running);
            }
            else if (roll < 40)
            {
                next = Events.Refused(sequence, (RefusalReason)(15 + roll % 3), roll % 3 == 1 ? "R-ADAPT" : "R-SCHED");
            }
            else
            {
                next = Events.Occupancy(sequence, roll % 2 == 0);
            }

            events.Add(next);
        }

        return events;
    }

    /// <summary>Windows of the history that overlap, replay, skip an event (a gap) and arrive shuffled; then the whole.</summary>
    private static IEnumerable<List<EdgeEvent>> Batches(Random random, List<EdgeEvent> history)
    {
        var front = 0;
        while (front < history.Count)
        {
            var from = Math.Max(0, front - random.Next(0, 10));
            var to = Math.Min(history.Count, front + random.Next(1, 60));
            var batch = history.GetRange(from, to - from);
            if (random.Next(5) == 0 && batch.Count > 2)
            {
                batch.RemoveAt(random.Next(1, batch.Count - 1));
            }
            else
            {
                front = to;
            }

            yield return [.. batch.OrderBy(_ => random.Next())];
        }

        yield return history;
    }

    private static ServerDbContext NewContext(StorageOptions storage)
    {
        var builder = new DbContextOptionsBuilder<ServerDbContext>();
        ServerStorage.Configure(builder, storage);
        return new ServerDbContext(builder.Options);
    }
}
