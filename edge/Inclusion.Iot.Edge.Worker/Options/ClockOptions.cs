namespace Inclusion.Iot.Edge.Worker.Options;

/// <summary>The <c>Clock</c> section: how the edge watches its wall clock (a Raspberry Pi has no RTC).</summary>
public sealed class ClockOptions
{
    public const string SectionName = "Clock";

    /// <summary>
    /// Between two observations (about one a second), the wall clock may drift from the monotonic clock by this many
    /// seconds before it counts as a jump (an NTP step, someone setting the date).
    /// </summary>
    public int JumpThresholdSeconds { get; set; } = 2;

    /// <summary>How long the system's answer to "is the clock synchronised?" is reused before it is asked again.</summary>
    public int SyncCheckIntervalSeconds { get; set; } = 5;
}
