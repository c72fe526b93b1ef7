using Inclusion.Iot.Edge.Devices.Pwm;
using Inclusion.Iot.Edge.Devices.Simulation;
using Inclusion.Iot.Edge.Domain.Room;
using Microsoft.Extensions.Time.Testing;

namespace Inclusion.Iot.Edge.Devices.Tests.Pwm;

public sealed class PwmLightingZoneTests
{
    private readonly FakeTimeProvider _time = new();

    private SimulatedPwmChannel Channel(double duty = 0, int frequencyHz = 1000, bool running = false) => new(frequencyHz, duty, running, _time);

    private PwmLightingZone Zone(SimulatedPwmChannel pwm) => new("reading-lamp", pwm, _time);

    private static LightScene Scene(int percent, int fadeSeconds, bool on = true) => new(on, percent, 4000, fadeSeconds);

    [Fact]
    public void The_simulated_channel_refuses_a_period_shorter_than_its_on_time_as_the_kernel_does()
    {
        var pwm = Channel(duty: 0.5, frequencyHz: 200, running: true);
        Assert.Throws<IOException>(() => pwm.Frequency = 1000);
    }

    [Fact]
    public async Task Completed_fade_leaves_the_duty_on_the_perceptual_curve_for_the_scene_percent()
    {
        var pwm = Channel();
        await using var zone = Zone(pwm);

        await zone.SetAsync(Scene(35, fadeSeconds: 2), CancellationToken.None);
        _time.Run(TimeSpan.FromSeconds(2.2));

        Assert.Equal(Math.Pow(0.35, 2.2), pwm.Output, 1e-6);
    }

    [Fact]
    public async Task Channel_runs_at_a_flicker_free_frequency()
    {
        var pwm = Channel(frequencyHz: 100);
        await using var zone = Zone(pwm);

        Assert.True(pwm.Frequency >= 1000, $"{pwm.Frequency} Hz");
        Assert.True(pwm.IsRunning);
    }

    [Fact]
    public async Task Fade_rises_without_reversal_at_no_more_than_twenty_steps_a_second()
    {
        var pwm = Channel();
        await using var zone = Zone(pwm);

        await zone.SetAsync(Scene(100, fadeSeconds: 5), CancellationToken.None);
        _time.Run(TimeSpan.FromSeconds(6), TimeSpan.FromMilliseconds(1));

        var changes = pwm.Changes;
        FadeChecks.Monotonic([.. changes.Select(c => c.DutyCycle)], rising: true);
        FadeChecks.AtMostPerSecond([.. changes.Select(c => c.Timestamp)], _time, 20);
        Assert.True(changes.Count >= 50, $"only {changes.Count} steps");
        Assert.InRange(FadeChecks.ElapsedSeconds(_time, changes[0].Timestamp, changes[^1].Timestamp), 4.8, 5.05);
    }

    [Fact]
    public async Task New_scene_mid_fade_continues_from_the_current_duty_without_a_jump()
    {
        var pwm = Channel();
        await using var zone = Zone(pwm);
        await zone.SetAsync(Scene(100, fadeSeconds: 4), CancellationToken.None);
        _time.Run(TimeSpan.FromSeconds(3));
        var midway = pwm.Output;
        var before = pwm.Changes.Count;

        await zone.SetAsync(Scene(30, fadeSeconds: 3), CancellationToken.None);
        _time.Run(TimeSpan.FromSeconds(4));

        var after = pwm.Changes.Skip(before).Select(c => c.DutyCycle).ToArray();
        Assert.True(Math.Abs(after[0] - midway) < 0.05, $"first step after the new scene went {midway:F3} → {after[0]:F3}");
        FadeChecks.Monotonic(after, rising: false);
        Assert.Equal(Math.Pow(0.3, 2.2), pwm.Output, 1e-6);
    }

    [Fact]
    public async Task Off_fades_to_zero_duty()
    {
        var pwm = Channel(duty: 0.6, running: true);
        await using var zone = Zone(pwm);

        await zone.SetAsync(Scene(80, fadeSeconds: 2, on: false), CancellationToken.None);
        _time.Run(TimeSpan.FromSeconds(1));
        Assert.InRange(pwm.Output, 0.01, 0.59);
        _time.Run(TimeSpan.FromSeconds(1.5));

        Assert.Equal(0, pwm.Output);
        FadeChecks.Monotonic([.. pwm.Changes.Select(c => c.DutyCycle)], rising: false);
    }

    [Fact]
    public async Task Starting_keeps_the_duty_the_channel_already_had()
    {
        var pwm = Channel(duty: 0.4, running: true);
        await using var zone = Zone(pwm);

        Assert.Equal(0.4, pwm.Output);
        Assert.Empty(pwm.Changes);
        await zone.SetAsync(Scene(100, fadeSeconds: 2), CancellationToken.None);
        _time.Run(TimeSpan.FromSeconds(0.1));
        Assert.InRange(pwm.Output, 0.4, 0.5);
    }

    [Fact]
    public async Task Dispose_stops_the_fade_and_leaves_the_light_as_it_is()
    {
        var pwm = Channel();
        var zone = Zone(pwm);
        await zone.SetAsync(Scene(100, fadeSeconds: 4), CancellationToken.None);
        _time.Run(TimeSpan.FromSeconds(2));
        var level = pwm.Output;

        await zone.DisposeAsync();
        _time.Run(TimeSpan.FromSeconds(3));

        Assert.True(level > 0);
        Assert.Equal(level, pwm.Output);
        Assert.True(pwm.IsRunning);
        Assert.False(pwm.IsDisposed, "disposing a Linux PWM channel switches it off");
    }

    [Fact]
    public async Task Raising_the_frequency_keeps_the_share_of_the_period_on()
    {
        var pwm = Channel(duty: 0.3, frequencyHz: 200, running: true);
        await using var zone = Zone(pwm);

        Assert.Equal(1000, pwm.Frequency);
        Assert.Equal(0.3, pwm.Output, 1e-6);
    }
}
