using Inclusion.Iot.Server.Api.Edges;

namespace Inclusion.Iot.Server.Tests;

/// <summary>
/// <see cref="GroupCommit{TItem, TResult}"/>: uploads that arrive while a commit runs share the next one; each caller
/// gets its own result after its group committed; a bad item fails only its caller. Every test holds the commit at a
/// barrier it controls, so "what was waiting" is known, not timed.
/// </summary>
public sealed class GroupCommitTests
{
    [Fact]
    public async Task Items_that_arrive_while_a_commit_runs_are_committed_together_in_the_next_one()
    {
        var store = new GatedStore();
        await using var commit = new GroupCommit<string, string>(store.CommitAsync, _ => 1, writers: 1, maxGroupWeight: 100);

        var first = commit.SubmitAsync("a", CancellationToken.None);
        await store.WaitForCommitsAsync(1);
        var later = new[] { "b", "c", "d", "e" }.Select(i => commit.SubmitAsync(i, CancellationToken.None)).ToArray();
        Assert.False(first.IsCompleted);

        store.Open();
        Assert.Equal("stored a", await first);
        Assert.Equal(["stored b", "stored c", "stored d", "stored e"], await Task.WhenAll(later));
        Assert.Equal([["a"], ["b", "c", "d", "e"]], store.Groups);
        Assert.Equal(2, commit.GroupsCommitted);
    }

    [Fact]
    public async Task A_group_stops_at_its_weight_and_the_rest_goes_in_order_into_the_next()
    {
        var store = new GatedStore();
        await using var commit = new GroupCommit<string, string>(store.CommitAsync, item => item.Length, writers: 1, maxGroupWeight: 5);

        var first = commit.SubmitAsync("x", CancellationToken.None);
        await store.WaitForCommitsAsync(1);
        var rest = new[] { "aa", "bbb", "cccc", "d" }.Select(i => commit.SubmitAsync(i, CancellationToken.None)).ToArray();
        store.Open();
        await first;
        await Task.WhenAll(rest);

        // 2 + 3 fill 5; "cccc" would pass it, so it opens the next group, which "d" joins (4 + 1).
        Assert.Equal([["x"], ["aa", "bbb"], ["cccc", "d"]], store.Groups);
    }

    [Fact]
    public async Task An_item_heavier_than_a_group_is_committed_alone()
    {
        var store = new GatedStore();
        store.Open();
        await using var commit = new GroupCommit<string, string>(store.CommitAsync, item => item.Length, writers: 1, maxGroupWeight: 2);

        Assert.Equal("stored long-batch", await commit.SubmitAsync("long-batch", CancellationToken.None));
        Assert.Equal([["long-batch"]], store.Groups);
    }

    [Fact]
    public async Task When_a_group_fails_each_item_is_committed_on_its_own_and_only_the_bad_one_fails()
    {
        var store = new GatedStore { Refuse = "bad" };
        await using var commit = new GroupCommit<string, string>(store.CommitAsync, _ => 1, writers: 1, maxGroupWeight: 100);

        var first = commit.SubmitAsync("a", CancellationToken.None);
        await store.WaitForCommitsAsync(1);
        var good = commit.SubmitAsync("b", CancellationToken.None);
        var bad = commit.SubmitAsync("bad", CancellationToken.None);
        var alsoGood = commit.SubmitAsync("c", CancellationToken.None);
        store.Open();

        Assert.Equal("stored a", await first);
        Assert.Equal("stored b", await good);
        Assert.Equal("stored c", await alsoGood);
        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => bad);
        Assert.Contains("bad", failed.Message, StringComparison.Ordinal);

        // The failed group of three was not committed; then each alone, the bad one refused again.
        Assert.Equal([["a"], ["b"], ["c"]], store.Groups);
        Assert.Equal(["a", "b,bad,c", "b", "bad", "c"], store.Attempts);
    }

    [Fact]
    public async Task A_caller_that_gives_up_stops_waiting_and_the_others_are_not_disturbed()
    {
        var store = new GatedStore();
        await using var commit = new GroupCommit<string, string>(store.CommitAsync, _ => 1, writers: 1, maxGroupWeight: 100);

        var first = commit.SubmitAsync("a", CancellationToken.None);
        await store.WaitForCommitsAsync(1);
        using var deadline = new CancellationTokenSource();
        var impatient = commit.SubmitAsync("b", deadline.Token);
        var patient = commit.SubmitAsync("c", CancellationToken.None);
        await deadline.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient);

        store.Open();
        Assert.Equal("stored a", await first);
        Assert.Equal("stored c", await patient);
    }

    [Fact]
    public async Task Stopping_writes_what_was_submitted_and_refuses_what_comes_after()
    {
        var store = new GatedStore();
        var commit = new GroupCommit<string, string>(store.CommitAsync, _ => 1, writers: 2, maxGroupWeight: 100);
        var submitted = new[] { "a", "b", "c" }.Select(i => commit.SubmitAsync(i, CancellationToken.None)).ToArray();
        await store.WaitForCommitsAsync(1);

        var stopping = commit.StopAsync(TimeSpan.FromMinutes(1));
        await Assert.ThrowsAsync<OperationCanceledException>(() => commit.SubmitAsync("late", CancellationToken.None));
        store.Open();
        await stopping;

        Assert.Equal(["stored a", "stored b", "stored c"], await Task.WhenAll(submitted));
        Assert.DoesNotContain("late", store.Groups.SelectMany(g => g));
        await commit.DisposeAsync();
    }

    [Fact]
    public async Task A_commit_still_running_when_the_drain_time_is_over_is_cancelled_and_acknowledges_nothing()
    {
        var store = new GatedStore();
        var commit = new GroupCommit<string, string>(store.CommitAsync, _ => 1, writers: 1, maxGroupWeight: 100);
        var held = commit.SubmitAsync("a", CancellationToken.None);
        await store.WaitForCommitsAsync(1);

        await commit.StopAsync(TimeSpan.Zero);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => held);
        Assert.Empty(store.Groups);
        await commit.DisposeAsync();
    }

    /// <summary>A store whose commits wait at a gate the test opens; it records each group it committed.</summary>
    private sealed class GatedStore
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly SemaphoreSlim _started = new(0);
        private readonly Lock _lock = new();

        public string? Refuse { get; init; }

        public List<string[]> Groups { get; } = [];

        public List<string> Attempts { get; } = [];

        public void Open() => _open.TrySetResult();

        public async Task WaitForCommitsAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                Assert.True(await _started.WaitAsync(TimeSpan.FromSeconds(30)), "the commit was not called");
            }
        }

        public async Task<IReadOnlyList<string>> CommitAsync(IReadOnlyList<string> items, CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                Attempts.Add(string.Join(',', items));
            }

            _started.Release();
            await _open.Task.WaitAsync(cancellationToken);
            if (Refuse is { } refused && items.Contains(refused))
            {
                throw new InvalidOperationException($"refused {refused}");
            }

            lock (_lock)
            {
                Groups.Add([.. items]);
            }

            return [.. items.Select(i => $"stored {i}")];
        }
    }
}
