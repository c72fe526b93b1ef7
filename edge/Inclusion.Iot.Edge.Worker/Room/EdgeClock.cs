namespace Inclusion.Iot.Edge.Worker.Room;

/// <summary>Clock facts carried on every event: boot-relative milliseconds, and whether the wall clock is known to be synchronised.</summary>
public sealed class EdgeClock(TimeProvider time)
{
    private readonly long _boot = time.GetTimestamp();

    public long MonotonicMs => (long)time.GetElapsedTime(_boot).TotalMilliseconds;

    private static bool s_synchronised;

    /// <summary>
    /// systemd-timesyncd creates this file once the clock is synchronised; a Pi has no RTC. Checked until it is
    /// there, then remembered: once synchronised, the clock stays so.
    /// </summary>
    public static bool WallClockSynchronised => s_synchronised || (s_synchronised = File.Exists("/run/systemd/timesync/synchronized"));
}
