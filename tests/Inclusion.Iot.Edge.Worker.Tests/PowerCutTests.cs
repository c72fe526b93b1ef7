using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Inclusion.Iot.Edge.PowerCut;
using Inclusion.Iot.Edge.Worker.Room;
using Inclusion.Iot.Edge.Worker.Storage;
using Inclusion.Iot.Testing;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Inclusion.Iot.Edge.Worker.Tests;

/// <summary>
/// The power-cut rig: a separate writer process commits a burst of events to an EdgeStore and prints each sequence
/// once its commit has returned; the test kills it with SIGKILL at a random point of the burst and reopens the file.
/// Every commit the writer saw return must be there, whole, numbered 1..N without gaps, with the room state of the
/// last stored commit, and the next EdgeStore must continue at N + 1.
/// </summary>
/// <remarks>
/// SIGKILL loses what the process had not handed to the kernel (a commit that returned before its write would show
/// up here); it does not lose the page cache, so it cannot tell whether synchronous=FULL's fsync reached the disk.
/// </remarks>
public sealed class PowerCutTests(ITestOutputHelper log)
{
    private const int Rounds = 20;
    private const int BurstEvents = 1_000;
    private const int KilledBySigkill = 128 + 9;
    private static readonly TimeSpan WriterStart = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan BurstLimit = TimeSpan.FromSeconds(30);

    private static string WriterDll => Path.Combine(
        RepositoryLayout.Output("tests/Inclusion.Iot.Edge.PowerCut"), "Inclusion.Iot.Edge.PowerCut.dll");

    [Fact]
    public async Task Killed_mid_burst_the_outbox_keeps_every_returned_commit_with_contiguous_sequences()
    {
        var writer = RequiredBinary.EnsureExists(WriterDll);
        var seed = Random.Shared.Next();
        var random = new Random(seed);
        var total = Stopwatch.StartNew();
        for (var round = 1; round <= Rounds; round++)
        {
            var killAfter = random.Next(1, BurstEvents + 1);
            await RunRoundAsync(writer, killAfter, $"round {round}/{Rounds} (seed {seed}, kill after {killAfter} events)");
        }

        log.WriteLine($"{Rounds} rounds in {total.Elapsed.TotalSeconds:F1} s (seed {seed}).");
    }

    private async Task RunRoundAsync(string writerDll, int killAfter, string round)
    {
        var watch = Stopwatch.StartNew();
        using var scratch = new ScratchDirectory("power-cut");
        var database = scratch.File("edge.db");
        var reports = new CommittedReports(killAfter);
        // SIGKILL from the thread that reads the writer's stdout, as soon as the kill point is read: the writer is
        // still mid-burst, usually inside a commit.
        await using (var writer = ChildProcess.Start(
            "dotnet",
            [writerDll, database],
            standardOutputLine: (process, line) =>
            {
                if (reports.Add(line)) process.Kill();
            }))
        {
            await WaitAsync(writer, reports.Opened, WriterStart, "open its EdgeStore", round);
            await WaitAsync(writer, reports.KillPointReached, BurstLimit, $"report {killAfter} committed events", round);
            await writer.KillAsync();
            var exitCode = writer.ExitCode;
            Assert.True(
                exitCode == KilledBySigkill,
                $"{round}: the writer must die by SIGKILL mid-burst, but exited with {exitCode}.\n{writer.Output}");
        }

        var reported = reports.Sequences;
        Assert.True(reports.Unexpected.Count == 0, $"{round}: the writer said: {string.Join('\n', reports.Unexpected)}");
        var walBytes = File.Exists(database + "-wal") ? new FileInfo(database + "-wal").Length : 0;

        var stored = CheckRawFile(database, reported, round);

        // The edge itself reopens it: same state, and the next event continues the numbering.
        using (var store = new EdgeStore(database))
        {
            Assert.Equal(stored.StateJson, store.LoadState());
            Assert.NotNull(RoomStateJson.Deserialize(store.LoadState()));
            Assert.Equal(stored.Events, store.CountUnacknowledged());
            Assert.Equal([stored.Events + 1L], store.Commit([("edge_started", DateTimeOffset.UtcNow, [1])], store.LoadState()));
        }

        log.WriteLine(
            $"{round}: {reported.Count} reported, {stored.Events} stored ({stored.Events - reported.Keys.Max()} beyond the last report), "
            + $"WAL {walBytes / 1024} KiB at the kill, {watch.ElapsedMilliseconds} ms");
    }

    /// <summary>Checks the file with plain SQLite, before the edge's own code touches it.</summary>
    private static (long Events, string StateJson) CheckRawFile(
        string database, IReadOnlyDictionary<long, (long Commit, int Index)> reported, string round)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        connection.Open();
        Assert.Equal("ok", Scalar(connection, "PRAGMA integrity_check;"));

        var events = new List<(long Sequence, long Commit, int Index)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT sequence, payload FROM outbox ORDER BY sequence;";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var payload = Encoding.UTF8.GetString((byte[])reader[1]).Split('/');
                events.Add((reader.GetInt64(0), long.Parse(payload[0], CultureInfo.InvariantCulture), int.Parse(payload[1], CultureInfo.InvariantCulture)));
            }
        }

        var n = events.Count;
        var lastReported = reported.Keys.Max();
        Assert.True(n >= lastReported, $"{round}: {n} events stored, but sequence {lastReported} had been committed.");
        var gaps = events.Select((e, i) => (e.Sequence, Expected: i + 1L)).Where(p => p.Sequence != p.Expected).Take(5).ToList();
        Assert.True(gaps.Count == 0, $"{round}: sequences are not 1..{n}: {string.Join(", ", gaps.Select(g => $"{g.Sequence} where {g.Expected} belongs"))}");

        // Every commit that returned is there, each event where its commit put it.
        var bySequence = events.ToDictionary(e => e.Sequence, e => (e.Commit, e.Index));
        var wrong = reported.Where(r => !bySequence.TryGetValue(r.Key, out var found) || found != r.Value).Take(5).ToList();
        Assert.True(wrong.Count == 0, $"{round}: committed events missing or different: {string.Join(", ", wrong.Select(w => $"{w.Key} ({w.Value.Commit}/{w.Value.Index})"))}");

        // Commits are whole and in order: 1..C, each with all of its events (also the ones killed before they were reported).
        var commits = events.GroupBy(e => e.Commit).OrderBy(g => g.Key).ToList();
        Assert.Equal(Enumerable.Range(1, commits.Count).Select(c => (long)c), commits.Select(c => c.Key));
        foreach (var commit in commits)
        {
            Assert.True(
                commit.Select(e => e.Index).SequenceEqual(Enumerable.Range(0, OutboxBurst.EventsInCommit(commit.Key))),
                $"{round}: commit {commit.Key} is stored in part: events {string.Join(", ", commit.Select(e => e.Index))}.");
        }

        // The room state is the one written with the last stored event, and the edge can read it.
        var stateJson = Assert.IsType<string>(Scalar(connection, "SELECT json FROM room_state WHERE id = 1;"));
        Assert.NotNull(RoomStateJson.Deserialize(stateJson));
        var stateCommit = JsonNode.Parse(stateJson)![OutboxBurst.CommitProperty]!.GetValue<long>();
        Assert.True(stateCommit == commits[^1].Key, $"{round}: the room state is commit {stateCommit}'s, the last stored event commit {commits[^1].Key}'s.");
        return (n, stateJson);
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>Waits for <paramref name="reached"/>; fails with the writer's output if it exits first or time runs out.</summary>
    private static async Task WaitAsync(ChildProcess writer, Task reached, TimeSpan limit, string what, string round)
    {
        var exited = writer.WaitForExitAsync(limit);
        // Whether it was reached, not which task WhenAny names: the kill point completes `reached` and then kills the
        // writer, but `reached` tells its continuations asynchronously (RunContinuationsAsynchronously) while the exit
        // may be told inline, so WhenAny can name `exited` although `reached` completed first (seen once in a fresh-clone run).
        await Task.WhenAny(reached, exited);
        if (reached.IsCompleted) return;
        try
        {
            var code = await exited;
            Assert.Fail($"{round}: the writer exited with code {code} before it could {what}.\n{writer.Output}");
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{round}: the writer did not {what} within {limit.TotalSeconds:F0} s.\n{writer.Output}");
        }
    }
}
