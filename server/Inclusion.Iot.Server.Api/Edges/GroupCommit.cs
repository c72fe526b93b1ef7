using System.Threading.Channels;

namespace Inclusion.Iot.Server.Api.Edges;

/// <summary>
/// Group commit: concurrent callers' items are stored together, several per transaction, so one commit (and its
/// flush, its locks and its round trips) is shared by every upload that arrived while the previous one was being
/// written. Each caller still gets its own result, only after the transaction holding its item committed.
/// <para>
/// <c>writers</c> loops each take the first waiting item, then whatever else is waiting, up to
/// <see cref="MaxGroupWeight"/> (events, for uploads), and hand the group to the commit function. When a group
/// fails, its items are committed again one by one, so one bad upload (an unknown edge, a constraint) fails only its
/// own caller and the others still land. A caller that gives up (its deadline) stops waiting; its item may still be
/// committed, which the at-least-once upload makes harmless (the edge's retry is a replay).
/// </para>
/// </summary>
public sealed class GroupCommit<TItem, TResult> : IAsyncDisposable
{
    private readonly Channel<Pending> _waiting = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleWriter = false, SingleReader = false });
    private readonly Func<IReadOnlyList<TItem>, CancellationToken, Task<IReadOnlyList<TResult>>> _commit;
    private readonly Func<TItem, int> _weight;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _loops;

    /// <param name="commit">Stores every item in one transaction and returns one result per item, in order.</param>
    /// <param name="weight">An item's share of <paramref name="maxGroupWeight"/> (at least 1 is counted).</param>
    public GroupCommit(
        Func<IReadOnlyList<TItem>, CancellationToken, Task<IReadOnlyList<TResult>>> commit,
        Func<TItem, int> weight,
        int writers,
        int maxGroupWeight)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentOutOfRangeException.ThrowIfLessThan(writers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxGroupWeight, 1);
        _commit = commit;
        _weight = weight;
        MaxGroupWeight = maxGroupWeight;
        _loops = [.. Enumerable.Range(0, writers).Select(_ => Task.Run(WriteLoopAsync))];
    }

    public int MaxGroupWeight { get; }

    /// <summary>Groups committed so far (for tests and the bench's figures).</summary>
    public long GroupsCommitted => Interlocked.Read(ref _groups);

    private long _groups;

    /// <summary>Items submitted and not yet taken into a group.</summary>
    public int Waiting => _waiting.Reader.Count;

    /// <summary>For tests: until <paramref name="count"/> items wait (at most 30 s).</summary>
    internal async Task WaitUntilWaitingAsync(int count)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (Waiting < count)
        {
            await Task.Delay(10, deadline.Token).ConfigureAwait(false);
        }
    }

    /// <summary>Stores <paramref name="item"/> with whatever else is waiting; completes after its commit.</summary>
    public Task<TResult> SubmitAsync(TItem item, CancellationToken cancellationToken)
    {
        var pending = new Pending(item, new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_waiting.Writer.TryWrite(pending))
        {
            throw Stopped();
        }

        return cancellationToken.CanBeCanceled ? pending.Done.Task.WaitAsync(cancellationToken) : pending.Done.Task;
    }

    private async Task WriteLoopAsync()
    {
        var reader = _waiting.Reader;
        var group = new List<Pending>();
        Pending? carried = null;
        try
        {
            // Until the channel is completed and drained: what was submitted before the stop is still written.
            while (carried is not null || await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                group.Clear();
                var weight = 0;
                if (carried is { } first)
                {
                    group.Add(first);
                    weight = Weigh(first.Item);
                    carried = null;
                }

                while (weight < MaxGroupWeight && reader.TryRead(out var next))
                {
                    var itemWeight = Weigh(next.Item);
                    if (group.Count > 0 && weight + itemWeight > MaxGroupWeight)
                    {
                        carried = next; // The next group starts with it: nothing is reordered within a writer.
                        break;
                    }

                    group.Add(next);
                    weight += itemWeight;
                }

                if (group.Count > 0)
                {
                    await CommitAsync(group).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            carried?.Done.TrySetException(Stopped());
        }
    }

    private static OperationCanceledException Stopped() => new("The server is stopping; nothing was stored.");

    private int Weigh(TItem item) => Math.Max(1, _weight(item));

    private async Task CommitAsync(List<Pending> group)
    {
        try
        {
            var results = await _commit([.. group.Select(p => p.Item)], _stopping.Token).ConfigureAwait(false);
            if (results.Count != group.Count)
            {
                throw new InvalidOperationException($"The commit returned {results.Count} results for {group.Count} items.");
            }

            Interlocked.Increment(ref _groups);
            for (var i = 0; i < group.Count; i++)
            {
                group[i].Done.TrySetResult(results[i]);
            }
        }
        catch (Exception failed) when (group.Count > 1 && failed is not OperationCanceledException)
        {
            // Nothing of the group committed: each item again on its own, so only the bad one fails.
            foreach (var pending in group)
            {
                await CommitAsync([pending]).ConfigureAwait(false);
            }
        }
        catch (Exception failed)
        {
            foreach (var pending in group)
            {
                pending.Done.TrySetException(failed);
            }
        }
    }

    /// <summary>Takes no more items, writes what is waiting (for at most <paramref name="drain"/>, then cancels the
    /// commit in progress: nothing of it is acknowledged) and fails anything left.</summary>
    public async Task StopAsync(TimeSpan drain)
    {
        _waiting.Writer.TryComplete();
        var loops = Task.WhenAll(_loops);
        if (await Task.WhenAny(loops, Task.Delay(drain)).ConfigureAwait(false) != loops)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            await loops.ConfigureAwait(false);
        }
        finally
        {
            while (_waiting.Reader.TryRead(out var left))
            {
                left.Done.TrySetException(Stopped());
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private sealed record Pending(TItem Item, TaskCompletionSource<TResult> Done);
}
