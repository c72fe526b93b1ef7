using Inclusion.Iot.Edge.Worker.Hosting;

namespace Inclusion.Iot.Edge.Worker.Tests;

/// <summary>When the edge gives its heap back: after a burst, in the first quiet period, and not again until the next burst; under a load with no quiet period, once the heap has grown.</summary>
public sealed class HeapTrimmerTests
{
    private const long MiB = 1L << 20;

    /// <summary>The GC's committed memory where it does not change.</summary>
    private const long Committed = 7 * MiB;

    [Fact]
    public void Start_up_counts_as_a_burst_so_its_first_quiet_period_trims()
    {
        var schedule = new HeapTrimmer.Schedule(allocatedAtStart: 5 * MiB, committedAtStart: Committed);
        Assert.False(schedule.Due(8 * MiB, Committed)); // still starting
        Assert.True(schedule.Due(8 * MiB + 1024, Committed));
    }

    [Fact]
    public void A_trim_is_due_in_the_first_quiet_period_after_a_burst_and_not_while_the_burst_goes_on()
    {
        var schedule = new HeapTrimmer.Schedule(allocatedAtStart: 0, committedAtStart: Committed);
        schedule.Trimmed(0, Committed);
        var allocated = 0L;

        allocated += 10 * MiB;
        Assert.False(schedule.Due(allocated, Committed)); // busy, and not yet a burst's worth
        allocated += 10 * MiB;
        Assert.False(schedule.Due(allocated, Committed)); // a burst's worth, but still busy
        allocated += 100 * 1024;
        Assert.True(schedule.Due(allocated, Committed)); // quiet after it
    }

    [Fact]
    public void After_a_trim_a_quiet_room_is_not_trimmed_again_until_another_burst()
    {
        var schedule = new HeapTrimmer.Schedule(allocatedAtStart: 0, committedAtStart: Committed);
        schedule.Trimmed(0, Committed);
        var allocated = 20 * MiB;
        Assert.False(schedule.Due(allocated, Committed));
        Assert.True(schedule.Due(allocated, Committed));
        schedule.Trimmed(allocated, Committed);

        // The normal rate of a busy room: about 90 KB a period, quiet every time, a burst's worth only after many periods.
        var periods = 0;
        while (true)
        {
            allocated += 90 * 1024;
            periods++;
            if (schedule.Due(allocated, Committed)) break;
        }

        Assert.Equal((int)(HeapTrimmer.BurstBytes / (90 * 1024)) + 1, periods);
    }

    [Fact]
    public void A_load_with_no_quiet_period_is_trimmed_once_the_heap_has_grown_and_then_from_what_that_trim_left()
    {
        var schedule = new HeapTrimmer.Schedule(allocatedAtStart: 0, committedAtStart: Committed);
        schedule.Trimmed(0, Committed);
        var allocated = 0L;
        var committed = Committed;

        allocated += 10 * MiB;
        committed += HeapTrimmer.GrowthBytes - 1;
        Assert.False(schedule.Due(allocated, committed)); // busy, grown, but not by enough
        allocated += 10 * MiB;
        committed += 1;
        Assert.True(schedule.Due(allocated, committed)); // still busy: the growth alone makes it due

        // The trim kept more than before (say the room's data grew): the next growth counts from there.
        var kept = Committed + 2 * MiB;
        schedule.Trimmed(allocated, kept);
        allocated += 10 * MiB;
        Assert.False(schedule.Due(allocated, kept + HeapTrimmer.GrowthBytes - 1));
        allocated += 10 * MiB;
        Assert.True(schedule.Due(allocated, kept + HeapTrimmer.GrowthBytes));
    }

    [Fact]
    public void A_heap_that_shrank_is_not_a_reason_to_trim()
    {
        var schedule = new HeapTrimmer.Schedule(allocatedAtStart: 0, committedAtStart: Committed);
        schedule.Trimmed(0, Committed);
        Assert.False(schedule.Due(10 * MiB, Committed - 3 * MiB));
        Assert.False(schedule.Due(20 * MiB, Committed - 3 * MiB + HeapTrimmer.GrowthBytes - 1));
    }

    [Fact]
    public void A_burst_trimmed_for_its_growth_just_before_its_end_is_trimmed_again_in_the_quiet_after_it()
    {
        var schedule = new HeapTrimmer.Schedule(allocatedAtStart: 0, committedAtStart: Committed);
        schedule.Trimmed(0, Committed);
        var allocated = 10 * MiB;
        var committed = Committed + HeapTrimmer.GrowthBytes;
        Assert.True(schedule.Due(allocated, committed)); // the growth trim, under load
        schedule.Trimmed(allocated, Committed);

        // The rest of the burst: far less than a burst's worth allocated, the heap grown again, but not to a growth trim.
        allocated += 4 * MiB;
        committed = Committed + HeapTrimmer.QuietGrowthBytes;
        Assert.False(schedule.Due(allocated, committed)); // still busy
        Assert.True(schedule.Due(allocated + 1024, committed)); // quiet: what it grew is given back
        schedule.Trimmed(allocated + 1024, Committed);

        // Quiet and grown by less: nothing to give back.
        Assert.False(schedule.Due(allocated + 2048, Committed + HeapTrimmer.QuietGrowthBytes - 1));
    }
}
