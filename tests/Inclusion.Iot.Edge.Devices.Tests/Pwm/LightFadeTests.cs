using Inclusion.Iot.Edge.Devices.Dimming;
using Microsoft.Extensions.Time.Testing;

namespace Inclusion.Iot.Edge.Devices.Tests.Pwm;

public sealed class LightFadeTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Step_rate_follows_the_configured_cap()
    {
        var written = new List<LightLevel>();
        using var fade = new LightFade(written.Add, LightLevel.Dark, _time, maxStepsPerSecond: 5);

        fade.FadeTo(new LightLevel(1, 0), TimeSpan.FromSeconds(2));
        _time.Run(TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(1));

        Assert.Equal(10, written.Count);
        Assert.Equal(1, written[^1].Brightness);
    }

    [Fact]
    public void A_failing_bus_stops_the_fade_instead_of_throwing_on_the_timer()
    {
        var calls = 0;
        using var fade = new LightFade(_ => { calls++; throw new IOException("bus"); }, LightLevel.Dark, _time);

        fade.FadeTo(new LightLevel(1, 0), TimeSpan.FromSeconds(2));
        _time.Run(TimeSpan.FromSeconds(1));

        Assert.Equal(1, calls);
        Assert.False(fade.IsFading);
        Assert.Equal(LightLevel.Dark, fade.Current);
    }

    [Fact]
    public void From_dark_the_fade_takes_the_target_tint_at_once()
    {
        var written = new List<LightLevel>();
        using var fade = new LightFade(written.Add, LightLevel.Dark, _time);

        fade.FadeTo(new LightLevel(0.8, 0.9), TimeSpan.FromSeconds(2));
        _time.Run(TimeSpan.FromSeconds(2.5));

        Assert.All(written, l => Assert.Equal(0.9, l.CoolShare));
    }

    [Theory]
    [InlineData(2700, 0.0)]
    [InlineData(6500, 1.0)]
    [InlineData(2000, 0.0)]
    [InlineData(9000, 1.0)]
    public void White_mix_is_all_warm_or_all_cool_at_and_beyond_the_lamp_whites(int kelvin, double coolShare)
    {
        Assert.Equal(coolShare, new WhiteMix(2700, 6500).CoolShare(kelvin), 1e-9);
    }
}
