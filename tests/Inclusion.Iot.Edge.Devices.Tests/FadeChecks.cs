using Microsoft.Extensions.Time.Testing;

namespace Inclusion.Iot.Edge.Devices.Tests;

/// <summary>What every PWM fade must look like, checked on the (timestamp, duty) changes a simulated output recorded.</summary>
internal static class FadeChecks
{
    /// <summary>Moves the fake clock in small increments, as real time would pass, so every timer tick lands on time.</summary>
    public static void Run(this FakeTimeProvider time, TimeSpan span, TimeSpan? increment = null)
    {
        var step = increment ?? TimeSpan.FromMilliseconds(5);
        for (var passed = TimeSpan.Zero; passed < span; passed += step) time.Advance(step);
    }

    public static void Monotonic(IReadOnlyList<double> duties, bool rising)
    {
        for (var i = 1; i < duties.Count; i++)
        {
            var ok = rising ? duties[i] >= duties[i - 1] : duties[i] <= duties[i - 1];
            Assert.True(ok, $"Brightness reversed at step {i}: {duties[i - 1]:F4} → {duties[i]:F4}");
        }
    }

    /// <summary>No one-second window holds more than <paramref name="maxPerSecond"/> changes.</summary>
    public static void AtMostPerSecond(IReadOnlyList<long> timestamps, FakeTimeProvider time, int maxPerSecond)
    {
        var start = 0;
        for (var end = 0; end < timestamps.Count; end++)
        {
            while (ElapsedSeconds(time, timestamps[start], timestamps[end]) >= 1.0) start++;
            Assert.True(end - start + 1 <= maxPerSecond, $"{end - start + 1} changes within one second");
        }
    }

    public static double ElapsedSeconds(FakeTimeProvider time, long from, long to) => (to - from) / (double)time.TimestampFrequency;
}
