using System.Globalization;
using Inclusion.Iot.Edge.PowerCut;

namespace Inclusion.Iot.Edge.Worker.Tests;

/// <summary>
/// What the power-cut writer said on stdout: each line is a commit whose <c>EdgeStore.Commit</c> had returned.
/// Fed from the process's output thread, read by the test after the writer is dead.
/// </summary>
internal sealed class CommittedReports(int killAfterEvents)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, (long Commit, int Index)> _sequences = [];
    private readonly List<string> _unexpected = [];
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _killPointReached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The writer has opened its EdgeStore.</summary>
    public Task Opened => _opened.Task;

    /// <summary>At least <c>killAfterEvents</c> sequences have been reported.</summary>
    public Task KillPointReached => _killPointReached.Task;

    /// <summary>Every reported sequence with the commit and the index in it that the writer gave it.</summary>
    public IReadOnlyDictionary<long, (long Commit, int Index)> Sequences
    {
        get
        {
            lock (_gate) return new Dictionary<long, (long Commit, int Index)>(_sequences);
        }
    }

    /// <summary>Lines that were neither <c>opened</c> nor <c>committed …</c> (a writer error, say).</summary>
    public IReadOnlyList<string> Unexpected
    {
        get
        {
            lock (_gate) return [.. _unexpected];
        }
    }

    /// <summary>Records one line; true when it is the one that reaches the kill point.</summary>
    public bool Add(string line)
    {
        if (line == OutboxBurst.OpenedLine)
        {
            _opened.TrySetResult();
            return false;
        }

        lock (_gate)
        {
            if (!line.StartsWith(OutboxBurst.CommittedPrefix, StringComparison.Ordinal))
            {
                _unexpected.Add(line);
                return false;
            }

            var fields = line[OutboxBurst.CommittedPrefix.Length..].Split(' ');
            var commit = long.Parse(fields[0], CultureInfo.InvariantCulture);
            for (var index = 1; index < fields.Length; index++)
            {
                _sequences.Add(long.Parse(fields[index], CultureInfo.InvariantCulture), (commit, index - 1));
            }

            return _sequences.Count >= killAfterEvents && _killPointReached.TrySetResult();
        }
    }
}
