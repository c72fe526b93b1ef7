using System.Reflection;
using System.Runtime.InteropServices;
using Inclusion.Iot.Edge.Worker.Options;
using Inclusion.Iot.Edge.Worker.Room;
using Inclusion.Iot.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Edge.Worker.Tests.Clock;

/// <summary>The edge's clock facts: synchronised only when the system says so and the wall clock is plausible; wall-clock jumps seen against the monotonic clock.</summary>
public sealed class EdgeClockTests
{
    /// <summary>A Pi without RTC, just booted.</summary>
    private static readonly DateTimeOffset PiBoot = new(1970, 1, 1, 0, 0, 5, TimeSpan.Zero);

    /// <summary>What NTP later says it is.</summary>
    private static readonly DateTimeOffset NtpTime = new(2026, 11, 24, 9, 30, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset AfterTheBuild = EdgeClock.BuildDate.AddDays(1).AddHours(9);

    [Theory]
    [InlineData(ClockSyncState.Synchronised, true)]
    [InlineData(ClockSyncState.Unsynchronised, false)]
    [InlineData(ClockSyncState.Unknown, false)]
    public void After_the_build_date_the_clock_is_synchronised_only_when_the_system_says_so(ClockSyncState system, bool synchronised)
    {
        var clock = Clock(new JumpingTimeProvider(AfterTheBuild), new FakeSyncSource(system), out _);

        Assert.Equal(synchronised, clock.Synchronised);
        Assert.Equal(system, clock.SystemSyncState);
    }

    [Fact]
    public void A_1970_wall_clock_is_not_synchronised_even_when_the_system_says_it_is_and_is_warned_about_once()
    {
        var clock = Clock(new JumpingTimeProvider(PiBoot), new FakeSyncSource(ClockSyncState.Synchronised), out var logs);

        Assert.False(clock.Synchronised);
        Assert.False(clock.Synchronised);

        var warning = Assert.Single(logs.At(LogLevel.Warning));
        Assert.Contains("1970-01-01T00:00:05", warning, StringComparison.Ordinal);
        Assert.Contains(EdgeClock.BuildDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), warning, StringComparison.Ordinal);
        Assert.Empty(logs.At(LogLevel.Error));
    }

    [Fact]
    public void A_clock_just_before_the_build_date_is_not_plausible()
    {
        var clock = Clock(new JumpingTimeProvider(EdgeClock.BuildDate.AddSeconds(-1)), new FakeSyncSource(ClockSyncState.Synchronised), out _);

        Assert.False(clock.Synchronised);
    }

    [Fact]
    public void A_jump_forward_of_about_56_years_is_reported_once_with_its_delta()
    {
        var time = new JumpingTimeProvider(PiBoot);
        var clock = Clock(time, new FakeSyncSource(ClockSyncState.Unsynchronised), out var logs);

        Assert.Null(clock.ObserveJump());
        time.Advance(TimeSpan.FromSeconds(1));
        time.SetWallClock(NtpTime);
        var jump = clock.ObserveJump();
        time.Advance(TimeSpan.FromSeconds(1));
        var next = clock.ObserveJump();

        // The wall clock moved from 00:00:05 to NtpTime while one second passed: all but that second is the jump.
        Assert.Equal(NtpTime - PiBoot - TimeSpan.FromSeconds(1), jump);
        Assert.InRange(jump!.Value.TotalDays / 365.25, 56, 57);
        Assert.Null(next);
        // (The clock may also be warned about as before this build: NtpTime is fixed, the build date is not.)
        var warning = Assert.Single(logs.At(LogLevel.Warning), l => l.Contains("jumped", StringComparison.Ordinal));
        Assert.Contains("2026-11-24T09:30:00", warning, StringComparison.Ordinal);
        Assert.Empty(logs.At(LogLevel.Error));
    }

    [Fact]
    public void A_jump_backward_is_reported_as_a_negative_delta()
    {
        var time = new JumpingTimeProvider(NtpTime);
        var clock = Clock(time, new FakeSyncSource(ClockSyncState.Synchronised), out _);

        clock.ObserveJump();
        time.Advance(TimeSpan.FromSeconds(1));
        time.SetWallClock(NtpTime.AddMinutes(-10));

        Assert.Equal(TimeSpan.FromMinutes(-10) - TimeSpan.FromSeconds(1), clock.ObserveJump());
    }

    [Theory]
    [InlineData(1500)]
    [InlineData(-1500)]
    [InlineData(2000)]
    public void Drift_up_to_the_threshold_is_not_a_jump(int driftMs)
    {
        var time = new JumpingTimeProvider(NtpTime);
        var clock = Clock(time, new FakeSyncSource(ClockSyncState.Synchronised), out var logs);

        Assert.Null(clock.ObserveJump());
        for (var second = 1; second <= 5; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            time.SetWallClock(time.GetUtcNow().AddMilliseconds(driftMs));
            Assert.Null(clock.ObserveJump());
        }

        Assert.Empty(logs.Lines);
    }

    [Fact]
    public void The_jump_threshold_is_the_option_value()
    {
        var time = new JumpingTimeProvider(NtpTime);
        var clock = Clock(time, new FakeSyncSource(ClockSyncState.Synchronised), out _, jumpThresholdSeconds: 10);

        clock.ObserveJump();
        time.SetWallClock(time.GetUtcNow().AddSeconds(9));
        Assert.Null(clock.ObserveJump());
        time.SetWallClock(time.GetUtcNow().AddSeconds(11));
        Assert.Equal(TimeSpan.FromSeconds(11), clock.ObserveJump());
    }

    [Fact]
    public void The_first_observation_only_records_where_the_clocks_are()
    {
        var time = new JumpingTimeProvider(PiBoot);
        var clock = Clock(time, new FakeSyncSource(ClockSyncState.Unsynchronised), out _);
        time.SetWallClock(NtpTime);

        Assert.Null(clock.ObserveJump());
    }

    [Fact]
    public void MonotonicMs_keeps_counting_across_wall_clock_jumps()
    {
        var time = new JumpingTimeProvider(PiBoot);
        var clock = Clock(time, new FakeSyncSource(ClockSyncState.Unsynchronised), out _);

        Assert.Equal(0, clock.MonotonicMs);
        time.Advance(TimeSpan.FromMilliseconds(1500));
        Assert.Equal(1500, clock.MonotonicMs);
        time.SetWallClock(NtpTime);
        Assert.Equal(1500, clock.MonotonicMs);
        time.Advance(TimeSpan.FromMilliseconds(500));
        time.SetWallClock(NtpTime.AddHours(-1));
        Assert.Equal(2000, clock.MonotonicMs);
    }

    [Fact]
    public void A_Pi_booted_in_1970_becomes_synchronised_when_NTP_steps_its_clock()
    {
        var time = new JumpingTimeProvider(PiBoot);
        var system = new FakeSyncSource(ClockSyncState.Unsynchronised);
        var clock = Clock(time, system, out var logs);
        clock.ObserveJump();
        Assert.False(clock.Synchronised);

        time.Advance(TimeSpan.FromSeconds(1));
        time.SetWallClock(AfterTheBuild);
        system.State = ClockSyncState.Synchronised;

        // The jump makes the clock ask the system again at once, within the check interval.
        Assert.NotNull(clock.ObserveJump());
        Assert.True(clock.Synchronised);
        Assert.Contains(logs.Lines, l => l.Contains("no longer before this build", StringComparison.Ordinal));
    }

    [Fact]
    public void The_system_is_asked_at_most_once_per_check_interval_and_a_lost_sync_is_seen_after_it()
    {
        var time = new JumpingTimeProvider(AfterTheBuild);
        var system = new FakeSyncSource(ClockSyncState.Synchronised);
        var clock = Clock(time, system, out _, syncCheckIntervalSeconds: 5);

        for (var i = 0; i < 100; i++) Assert.True(clock.Synchronised);
        Assert.Equal(1, system.Probes);

        system.State = ClockSyncState.Unsynchronised;
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.True(clock.Synchronised);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(clock.Synchronised);
        Assert.Equal(2, system.Probes);
    }

    [Fact]
    public void The_check_interval_follows_the_monotonic_clock_not_the_wall_clock()
    {
        var time = new JumpingTimeProvider(AfterTheBuild);
        var system = new FakeSyncSource(ClockSyncState.Synchronised);
        var clock = Clock(time, system, out _, syncCheckIntervalSeconds: 5);

        Assert.True(clock.Synchronised);
        time.SetWallClock(AfterTheBuild.AddHours(1));
        Assert.True(clock.Synchronised);
        Assert.Equal(1, system.Probes);
    }

    [Fact]
    public void The_build_date_is_stamped_by_the_build_as_a_UTC_day()
    {
        var stamped = typeof(EdgeClock).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == EdgeClock.BuildDateMetadataKey).Value;

        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", stamped);
        Assert.Equal(stamped, EdgeClock.BuildDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(TimeSpan.Zero, EdgeClock.BuildDate.Offset);
        Assert.Equal(TimeSpan.Zero, EdgeClock.BuildDate.TimeOfDay);
        Assert.True(EdgeClock.BuildDate <= DateTimeOffset.UtcNow, "the build is not from the future");
    }

    [Fact]
    public void An_assembly_without_a_build_date_still_has_a_floor_past_1970()
    {
        var floor = EdgeClock.ReadBuildDate(typeof(string).Assembly);

        Assert.True(floor.Year >= 2026);
    }

    [Fact]
    public void The_adjtimex_probe_returns_on_this_machine_without_throwing()
    {
        var state = SystemClockSyncSource.ProbeKernel();

        Assert.True(Enum.IsDefined(state));
        Assert.True(Enum.IsDefined(new SystemClockSyncSource().Probe()));
    }

    [Fact]
    public void The_timex_layout_is_glibcs()
    {
        if (!OperatingSystem.IsLinux()) return;

        if (Environment.Is64BitProcess)
        {
            Assert.Equal(208, Marshal.SizeOf<SystemClockSyncSource.Timex>());
            Assert.Equal(40, Marshal.OffsetOf<SystemClockSyncSource.Timex>(nameof(SystemClockSyncSource.Timex.Status)));
            Assert.Equal(72, Marshal.OffsetOf<SystemClockSyncSource.Timex>(nameof(SystemClockSyncSource.Timex.TimeSeconds)));
            Assert.Equal(112, Marshal.OffsetOf<SystemClockSyncSource.Timex>(nameof(SystemClockSyncSource.Timex.Shift)));
            Assert.Equal(160, Marshal.OffsetOf<SystemClockSyncSource.Timex>(nameof(SystemClockSyncSource.Timex.Tai)));
        }
        else
        {
            Assert.Equal(128, Marshal.SizeOf<SystemClockSyncSource.Timex>());
            Assert.Equal(20, Marshal.OffsetOf<SystemClockSyncSource.Timex>(nameof(SystemClockSyncSource.Timex.Status)));
        }
    }

    [Fact]
    public void Timesyncds_flag_file_means_synchronised()
    {
        using var scratch = new ScratchDirectory("edge-clock");
        var flag = scratch.File("synchronized");
        File.WriteAllText(flag, string.Empty);

        var state = new SystemClockSyncSource(flag).Probe();

        Assert.Equal(OperatingSystem.IsLinux() ? ClockSyncState.Synchronised : ClockSyncState.Unknown, state);
    }

    [Fact]
    public void Without_timesyncds_flag_file_the_kernel_is_asked()
    {
        using var scratch = new ScratchDirectory("edge-clock");

        var state = new SystemClockSyncSource(scratch.File("absent")).Probe();

        Assert.Equal(SystemClockSyncSource.ProbeKernel(), state);
    }

    private static EdgeClock Clock(TimeProvider time, IClockSyncSource source, out RecordedLogs logs, int jumpThresholdSeconds = 2, int syncCheckIntervalSeconds = 5)
    {
        logs = new RecordedLogs();
        var options = Microsoft.Extensions.Options.Options.Create(new ClockOptions { JumpThresholdSeconds = jumpThresholdSeconds, SyncCheckIntervalSeconds = syncCheckIntervalSeconds });
        return new EdgeClock(time, source, options, logs);
    }

    private sealed class FakeSyncSource(ClockSyncState state) : IClockSyncSource
    {
        public ClockSyncState State { get; set; } = state;

        public int Probes { get; private set; }

        public ClockSyncState Probe()
        {
            Probes++;
            return State;
        }
    }

    private sealed class RecordedLogs : ILogger<EdgeClock>
    {
        private readonly List<(LogLevel Level, string Line)> _lines = [];

        public IReadOnlyList<string> Lines => [.. _lines.Select(l => l.Line)];

        public IReadOnlyList<string> At(LogLevel level) => [.. _lines.Where(l => l.Level == level).Select(l => l.Line)];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _lines.Add((logLevel, formatter(state, exception)));
    }
}
