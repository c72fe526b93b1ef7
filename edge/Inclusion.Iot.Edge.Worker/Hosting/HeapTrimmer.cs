using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Inclusion.Iot.Edge.Worker.Hosting;

/// <summary>
/// Gives the heap back after a burst, and under a load that does not stop. What a burst of decisions, uploads and broker
/// traffic promoted and then freed stays committed until the GC's next full collection, which a quiet room may not reach
/// for hours (the small gen0 budget collects young garbage, not what reached gen2): bench/edge-memory.sh saw 59-73 MiB RSS
/// after 1,000 door reports fall to 55-61 only once more load forced a full collection. So once <see cref="BurstBytes"/>
/// have been allocated since the last trim and a two-second period then passes quietly (less than <see cref="QuietBytes"/>
/// allocated, so no decision is under way to be paused), it runs one blocking, compacting full collection in the GC's
/// aggressive mode, which also decommits the free regions. At the normal rate of a busy room (about 45 KB a second) that is
/// one collection of a few-MiB heap every six minutes or so; an idle room has one, the first quiet period after start-up
/// (which is a burst too), then none.
/// A load with no quiet period (bench/edge.sh: a decision every half millisecond, back to back) would never be trimmed,
/// and its freed gen1/gen2 regions held 6-13 MiB more until it stopped (47.7 -> 41.4 MiB when it did). So the trim also
/// runs, quiet or not, once the GC's committed memory has grown <see cref="GrowthBytes"/> beyond what the last trim left:
/// a pause of 8-22 ms for the one decision it lands on, about 1.5 in a thousand under that load, and never
/// at a room's normal rate, where the quiet trim comes first.
/// A quiet period also trims when the committed memory has grown <see cref="QuietGrowthBytes"/> since the last trim, however
/// little was allocated: what a burst grew after its last growth trim is given back when it ends.
/// </summary>
public sealed partial class HeapTrimmer(TimeProvider wallClock, ILogger<HeapTrimmer> logger) : BackgroundService
{
    /// <summary>Allocated since the last trim before the next one is due.</summary>
    internal const long BurstBytes = 16L << 20;

    /// <summary>At most this allocated in one period counts as quiet.</summary>
    internal const long QuietBytes = 256L << 10;

    internal static readonly TimeSpan Period = TimeSpan.FromSeconds(2);

    /// <summary>Growth of the GC's committed memory over what the last trim left that trims even under load.</summary>
    internal const long GrowthBytes = 2L << 20;

    /// <summary>
    /// Growth of the committed memory that a quiet period trims even when less than <see cref="BurstBytes"/> was allocated
    /// since the last trim: a burst whose last growth trim came just before its end (bench/edge-memory.sh: 40.8 MiB after
    /// 1,000 door reports, 44.5 after 10,000, the GC's anonymous memory 4.8 MiB up) is given back when it ends.
    /// </summary>
    internal const long QuietGrowthBytes = 1L << 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, wallClock);
        var schedule = new Schedule(GC.GetTotalAllocatedBytes(), Committed());
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                var before = Committed();
                if (!schedule.Due(GC.GetTotalAllocatedBytes(), before)) continue;
                var started = Stopwatch.GetTimestamp();
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                var pause = Stopwatch.GetElapsedTime(started);
                var after = Committed();
                schedule.Trimmed(GC.GetTotalAllocatedBytes(), after);
                LogTrimmed(before >> 10, after >> 10, pause.TotalMilliseconds);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>The GC's committed memory as of its last collection (no collection is caused to read it).</summary>
    private static long Committed() => GC.GetGCMemoryInfo().TotalCommittedBytes;

    /// <summary>When a trim is due, from the process's allocated-bytes counter and the GC's committed memory, read once a period.</summary>
    internal sealed class Schedule(long allocatedAtStart, long committedAtStart)
    {
        // Start-up is a burst: the first quiet period after it trims, whatever it allocated.
        private long _lastTrim = allocatedAtStart - BurstBytes;
        private long _lastPeriod = allocatedAtStart;
        private long _committedAfterTrim = committedAtStart;

        public bool Due(long allocated, long committed)
        {
            var inPeriod = allocated - _lastPeriod;
            _lastPeriod = allocated;
            var grown = committed - _committedAfterTrim;
            var quiet = inPeriod < QuietBytes;
            return (quiet && (allocated - _lastTrim >= BurstBytes || grown >= QuietGrowthBytes)) || grown >= GrowthBytes;
        }

        public void Trimmed(long allocated, long committed)
        {
            _lastTrim = allocated;
            _lastPeriod = allocated;
            _committedAfterTrim = committed;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Heap trimmed: {BeforeKiB} KiB -> {AfterKiB} KiB committed, in {PauseMs:F1} ms")]
    private partial void LogTrimmed(long beforeKiB, long afterKiB, double pauseMs);
}
