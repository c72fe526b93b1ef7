using Inclusion.Iot.Edge.Devices.Pca9685;
using Inclusion.Iot.Edge.Devices.Simulation;
using Inclusion.Iot.Edge.Domain.Room;
using Microsoft.Extensions.Time.Testing;
using Chip = Iot.Device.Pwm.Pca9685;

namespace Inclusion.Iot.Edge.Devices.Tests.Pca9685;

public sealed class Pca9685LightingZoneTests
{
    private const int Warm = 0;
    private const int Cool = 1;
    private const double OneCount = 1 / 4096.0;

    private readonly FakeTimeProvider _time = new();
    private readonly SimulatedPca9685 _sim;

    public Pca9685LightingZoneTests() => _sim = new SimulatedPca9685(clock: _time);

    private Pca9685LightingZone Zone(int coolChannel = -1) => new("ceiling-strip", _sim, Warm, coolChannel, timeProvider: _time);

    private static LightScene Scene(int percent, int fadeSeconds, int kelvin = 2700, bool on = true) => new(on, percent, kelvin, fadeSeconds);

    private double[] Duties(int channel) => [.. _sim.Changes.Where(c => c.Channel == channel).Select(c => c.DutyCycle)];

    [Fact]
    public async Task Completed_fade_leaves_the_duty_on_the_perceptual_curve_for_the_scene_percent()
    {
        await using var zone = Zone();

        await zone.SetAsync(Scene(60, fadeSeconds: 3), CancellationToken.None);
        _time.Run(TimeSpan.FromSeconds(3.2));

        // 60 % perceived is 0.6^2.2 ≈ 32.5 % duty, well below a linear 60 %.
        Assert.Equal(Math.Pow(0.6, 2.2), _sim.DutyCycle(Warm), OneCount);
        Assert.False(zone.IsFading);
    }

    [Fact]
    public async Task Fade_rises_without_reversal_over_its_time_at_no_more_than_twenty_steps_a_second()
    {
        await using var zone = Zone();

        await zone.SetAsync(Scene(80, fadeSeconds: 3), CancellationToken.None);
        _time.Run(TimeSpan.FromSeconds(4), TimeSpan.FromMilliseconds(1));

        var changes = _sim.Changes.Where(c => c.Channel == Warm).ToArray();
        FadeChecks.Monotonic([.. changes.Select(c => c.DutyCycle)], rising: true);
        FadeChecks.AtMostPerSecond([.. changes.Select(c => c.Timestamp)], _time, 20);
        Assert.True(changes.Length >= 30, $"only {changes.Length} steps: not a smooth fade");
        Assert.InRange(FadeChecks.ElapsedSeconds(_time, changes[0].Timestamp, changes[^1].Timestamp), 2.8, 3.05);
        Assert.True(changes[0].DutyCycle < 0.01, $"the first step {changes[0].DutyCycle:F3} is a jump");
    }

    [Fact]
    public async Task Fade_down_never_brightens()
    {
        await using var zone = Zone();
        await zone.SetAsync(Scene(90, fadeSeconds: 1), CancellationToken.None);
        _time.Run(TimeSpan.FromSeconds(1.5));
        var before = _sim.Changes.Count;

        await zone.SetAsync(Scene(10, fadeSeconds: 4), CancellationToken.None);
        _time.Run(TimeSpan.FromSeconds(5));

        var down = _sim.Changes.Skip(before).Where(c => c.Channel == Warm).Select(c => c.DutyCycle).ToArray();
        Assert.True(down.Length > 10);
        FadeChecks.Monotonic(down, rising: false);
        Assert.Equal(Math.Pow(0.1, 2.2), _sim.DutyCycle(Warm), OneCount);
    }

    [Fact]
    public async Task New_scene_mid_fade_continues_from_the_current_duty_without_a_jump()
    {
        await using var zone = Zone();
        await zone.SetAsync(Scene(100, fadeSeconds: 4), CancellationToken.None);
        _time.Run(TimeSpan.FromSeconds(2));
        var midway = _sim.DutyCycle(Warm);
        Assert.InRange(midway, 0.1, 0.9);
        var before = _sim.Changes.Count;

        await zone.SetAsync(Scene(20, fadeSeconds: 4), CancellationToken.None);
        _time.Run(TimeSpan.FromSeconds(5));

        var after = _sim.Changes.Skip(before).Where(c => c.Channel == Warm).Select(c => c.DutyCycle).ToArray();
        Assert.True(Math.Abs(after[0] - midway) < 0.03, $"first step after the new scene went {midway:F3} → {after[0]:F3}");
        FadeChecks.Monotonic(after, rising: false);
        Assert.Equal(Math.Pow(0.2, 2.2), _sim.DutyCycle(Warm), OneCount);
    }

    [Theory]
    [InlineData(2700, Warm)]
    [InlineData(6500, Cool)]
    public async Task Colour_temperature_splits_the_light_between_warm_and_cool_white(int kelvin, int mostly)
    {
        await using var zone = Zone(coolChannel: Cool);

        await zone.SetAsync(Scene(70, fadeSeconds: 2, kelvin), CancellationToken.None);
        _time.Run(TimeSpan.FromSeconds(2.5));

        var total = _sim.DutyCycle(Warm) + _sim.DutyCycle(Cool);
        Assert.Equal(Math.Pow(0.7, 2.2), total, 2 * OneCount);
        Assert.True(_sim.DutyCycle(mostly) >= 0.9 * total, $"{kelvin} K: warm {_sim.DutyCycle(Warm):F3}, cool {_sim.DutyCycle(Cool):F3}");
    }

    [Fact]
    public async Task A_neutral_white_uses_both_channels()
    {
        await using var zone = Zone(coolChannel: Cool);
        await zone.SetAsync(Scene(70, fadeSeconds: 2, kelvin: 4000), CancellationToken.None);
        _time.Run(TimeSpan.FromSeconds(2.5));

        var total = _sim.DutyCycle(Warm) + _sim.DutyCycle(Cool);
        Assert.InRange(_sim.DutyCycle(Warm) / total, 0.25, 0.75);
    }

    [Fact]
    public async Task Off_fades_to_zero_duty_and_is_not_a_cut()
    {
        await using var zone = Zone(coolChannel: Cool);
        await zone.SetAsync(Scene(50, fadeSeconds: 1), CancellationToken.None);
        _time.Run(TimeSpan.FromSeconds(1.5));

        await zone.SetAsync(Scene(50, fadeSeconds: 3, on: false), CancellationToken.None);
        _time.Run(TimeSpan.FromSeconds(1));
        Assert.True(_sim.DutyCycle(Warm) > 0, "the light was cut, not faded");
        _time.Run(TimeSpan.FromSeconds(2.5));

        Assert.Equal(0, _sim.DutyCycle(Warm));
        Assert.Equal(0, _sim.DutyCycle(Cool));
    }

    [Fact]
    public async Task A_zero_second_scene_still_fades_in_steps()
    {
        await using var zone = Zone();
        await zone.SetAsync(Scene(100, fadeSeconds: 0), CancellationToken.None);
        _time.Run(TimeSpan.FromSeconds(3));

        Assert.True(Duties(Warm).Length >= 10, "a zero-second scene jumped");
        Assert.Equal(1, _sim.DutyCycle(Warm));
    }

    [Fact]
    public async Task Runs_the_chip_at_a_flicker_free_frequency_and_awake()
    {
        Assert.True(_sim.PwmFrequencyHz < 1000, "the chip's power-on frequency is the flickering 200 Hz");
        await using var zone = Zone();

        Assert.True(_sim.PwmFrequencyHz >= 1000, $"{_sim.PwmFrequencyHz:F0} Hz");
        Assert.False(_sim.IsAsleep);
    }

    [Fact]
    public async Task First_fade_starts_from_the_duty_the_chip_already_had()
    {
        using (var earlier = new Chip(_sim))
        {
            earlier.SetDutyCycle(Warm, 0.5);
        }

        await using var zone = Zone();
        var before = _sim.Changes.Count;
        await zone.SetAsync(Scene(100, fadeSeconds: 2), CancellationToken.None);
        _time.Run(TimeSpan.FromSeconds(2.5));

        var steps = _sim.Changes.Skip(before).Where(c => c.Channel == Warm).Select(c => c.DutyCycle).ToArray();
        Assert.True(steps[0] >= 0.5, $"the fade restarted from {steps[0]:F3} instead of the chip's 0.5");
        FadeChecks.Monotonic(steps, rising: true);
    }

    [Fact]
    public async Task Dispose_stops_the_fade_and_leaves_the_light_as_it_is()
    {
        var zone = Zone();
        await zone.SetAsync(Scene(100, fadeSeconds: 4), CancellationToken.None);
        _time.Run(TimeSpan.FromSeconds(2));
        var level = _sim.DutyCycle(Warm);
        var changes = _sim.Changes.Count;

        await zone.DisposeAsync();
        _time.Run(TimeSpan.FromSeconds(3));

        Assert.True(level > 0);
        Assert.Equal(level, _sim.DutyCycle(Warm));
        Assert.Equal(changes, _sim.Changes.Count);
    }

    [Fact]
    public void Cool_channel_equal_to_warm_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new Pca9685LightingZone("ceiling-strip", _sim, 3, 3, timeProvider: _time));
    }
}
