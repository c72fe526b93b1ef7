using Inclusion.Iot.Edge.Worker.Hosting;

namespace Inclusion.Iot.Edge.Worker.Tests;

/// <summary>When the edge gives its heap back: after a burst, in the first quiet period, and not again until the next burst.</summary>
public sealed class HeapTrimmerTests
{
    private const long MiB = 1L << 20;

    [Fact]
    public void Start_up_counts_as_a_burst_so_its_first_quiet_period_trims()
    {
        var schedule = new HeapTrimmer.Schedule(allocatedAtStart: 5 * MiB);
        Assert.False(schedule.Due(8 * MiB)); // still starting
        Assert.True(schedule.Due(8 * MiB + 1024));
    }

    [Fact]
    public void A_trim_is_due_in_the_first_quiet_period_after_a_burst_and_not_while_the_burst_goes_on()
    {
        var schedule = new HeapTrimmer.Schedule(allocatedAtStart: 0);
        schedule.Trimmed(0);
        var allocated = 0L;

        allocated += 10 * MiB;
        Assert.False(schedule.Due(allocated)); // busy, and not yet a burst's worth
        allocated += 10 * MiB;
        Assert.False(schedule.Due(allocated)); // a burst's worth, but still busy
        allocated += 100 * 1024;
        Assert.True(schedule.Due(allocated)); // quiet after it
    }

    [Fact]
    public void After_a_trim_a_quiet_room_is_not_trimmed_again_until_another_burst()
    {
        var schedule = new HeapTrimmer.Schedule(allocatedAtStart: 0);
        schedule.Trimmed(0);
        var allocated = 20 * MiB;
        Assert.False(schedule.Due(allocated));
        Assert.True(schedule.Due(allocated));
        schedule.Trimmed(allocated);

        // The normal rate of a busy room: about 90 KB a period, quiet every time, a burst's worth only after many periods.
        var periods = 0;
        while (true)
        {
            allocated += 90 * 1024;
            periods++;
            if (schedule.Due(allocated)) break;
        }

        Assert.Equal((int)(HeapTrimmer.BurstBytes / (90 * 1024)) + 1, periods);
    }
}
