using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Inclusion.Iot.Edge.Worker.Hosting;

/// <summary>
/// Gives the heap back after a burst. What a burst of decisions, uploads and broker traffic promoted and then freed stays
/// committed until the GC's next full collection, which a quiet room may not reach for hours (the small gen0 budget
/// collects young garbage, not what reached gen2): bench/edge-memory.sh saw 59-73 MiB RSS after 1,000 door reports fall to
/// 55-61 only once more load forced a full collection. So once <see cref="BurstBytes"/> have been allocated since the
/// last trim and a two-second period then passes quietly (less than <see cref="QuietBytes"/> allocated, so no decision is
/// under way to be paused), it runs one blocking, compacting full collection in the GC's aggressive mode, which also
/// decommits the free regions. At the normal rate of a busy room (about 45 KB a second) that is one collection of a
/// few-MiB heap every six minutes or so; an idle room has one, the first quiet period after start-up (which is a burst too), then none.
/// </summary>
public sealed partial class HeapTrimmer(TimeProvider wallClock, ILogger<HeapTrimmer> logger) : BackgroundService
{
    /// <summary>Allocated since the last trim before the next one is due.</summary>
    internal const long BurstBytes = 16L << 20;

    /// <summary>At most this allocated in one period counts as quiet.</summary>
    internal const long QuietBytes = 256L << 10;

    internal static readonly TimeSpan Period = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, wallClock);
        var schedule = new Schedule(GC.GetTotalAllocatedBytes());
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (!schedule.Due(GC.GetTotalAllocatedBytes())) continue;
                var before = GC.GetTotalMemory(forceFullCollection: false);
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                schedule.Trimmed(GC.GetTotalAllocatedBytes());
                LogTrimmed(before >> 10, GC.GetTotalMemory(forceFullCollection: false) >> 10);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>When a trim is due, from the process's allocated-bytes counter read once a period.</summary>
    internal sealed class Schedule(long allocatedAtStart)
    {
        // Start-up is a burst: the first quiet period after it trims, whatever it allocated.
        private long _lastTrim = allocatedAtStart - BurstBytes;
        private long _lastPeriod = allocatedAtStart;

        public bool Due(long allocated)
        {
            var inPeriod = allocated - _lastPeriod;
            _lastPeriod = allocated;
            return allocated - _lastTrim >= BurstBytes && inPeriod < QuietBytes;
        }

        public void Trimmed(long allocated)
        {
            _lastTrim = allocated;
            _lastPeriod = allocated;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Heap trimmed after a burst: {BeforeKiB} KiB -> {AfterKiB} KiB")]
    private partial void LogTrimmed(long beforeKiB, long afterKiB);
}
