using System.Drawing;
using Inclusion.Iot.Edge.Devices.Simulation;
using Inclusion.Iot.Edge.Devices.Ws2812b;
using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Devices.Tests.Ws2812b;

public sealed class Ws2812bTimerRingTests
{
    private const int Leds = 24;

    private static TimerDisplay Countdown(int remaining, int total, TimerPhase phase) => new(true, remaining, total, phase, "ring", false);

    private static (SimulatedWs2812b Strip, Ws2812bTimerRing Ring) NewRing(double brightness = Ws2812bTimerRing.DefaultBrightness)
    {
        var strip = new SimulatedWs2812b(Leds);
        return (strip, new Ws2812bTimerRing("wall-ring", strip, Leds, brightness));
    }

    private static bool IsDark(Color c) => c.R == 0 && c.G == 0 && c.B == 0;

    [Fact]
    public async Task Timer_forty_percent_elapsed_lights_fourteen_of_twenty_four_leds_in_the_running_colour()
    {
        var (strip, ring) = NewRing();

        await ring.ShowAsync(Countdown(remaining: 720, total: 1200, TimerPhase.Running), CancellationToken.None);

        var pixels = strip.Pixels;
        Assert.Equal(14, pixels.Count(c => !IsDark(c)));
        Assert.All(pixels[..14], c => Assert.Equal(pixels[0], c));
        Assert.All(pixels[14..], c => Assert.True(IsDark(c), $"{c} should be dark"));
        Assert.True(pixels[0].G > pixels[0].R, "running is a calm green/blue, not warm");
        Assert.Equal(1, strip.FrameCount);
    }

    [Fact]
    public void A_bus_opened_at_the_wrong_clock_is_refused_before_it_can_show_wrong_colours()
    {
        // SpiConnectionSettings' default clock (500 kHz) stretches every bit: the LEDs would read ones everywhere.
        var strip = new SimulatedWs2812b(Leds, new System.Device.Spi.SpiConnectionSettings(0, 0));
        Assert.Throws<ArgumentException>(() => new Ws2812bTimerRing("wall-ring", strip, Leds));
        Assert.Equal(0, strip.FrameCount);
    }

    [Fact]
    public async Task Each_phase_shows_its_own_dimmed_palette_colour()
    {
        var (strip, ring) = NewRing(brightness: 0.5);
        var seen = new Dictionary<TimerPhase, Color>();
        foreach (var phase in Enum.GetValues<TimerPhase>())
        {
            await ring.ShowAsync(Countdown(remaining: 30, total: 60, phase), CancellationToken.None);
            var lit = strip.Pixels.Where(c => !IsDark(c)).Distinct().ToArray();
            seen[phase] = Assert.Single(lit);
            var full = TimerRingPalette.Calm.For(phase);
            Assert.Equal(Color.FromArgb((int)Math.Round(full.R * 0.5, MidpointRounding.AwayFromZero), (int)Math.Round(full.G * 0.5, MidpointRounding.AwayFromZero), (int)Math.Round(full.B * 0.5, MidpointRounding.AwayFromZero)), seen[phase]);
        }

        Assert.Equal(5, seen.Values.Distinct().Count());
        // A gentle end: when time is up the whole ring glows, and overrun is fainter than the end.
        await ring.ShowAsync(Countdown(0, 60, TimerPhase.Ended), CancellationToken.None);
        Assert.DoesNotContain(strip.Pixels, IsDark);
        Assert.True(Sum(seen[TimerPhase.Overrun]) < Sum(seen[TimerPhase.Ended]));
        Assert.True(Sum(seen[TimerPhase.Ended]) < Sum(seen[TimerPhase.Running]));
    }

    [Fact]
    public async Task Default_brightness_is_low()
    {
        var (strip, ring) = NewRing();
        foreach (var phase in Enum.GetValues<TimerPhase>())
        {
            await ring.ShowAsync(Countdown(600, 600, phase), CancellationToken.None);
            Assert.All(strip.Pixels, c => Assert.True(Math.Max(c.R, Math.Max(c.G, c.B)) <= 96, $"{phase}: {c} is too bright for a calm room"));
        }
    }

    [Fact]
    public async Task Off_leaves_every_pixel_dark()
    {
        var (strip, ring) = NewRing();
        await ring.ShowAsync(Countdown(600, 600, TimerPhase.Running), CancellationToken.None);
        Assert.DoesNotContain(strip.Pixels, IsDark);

        await ring.ShowAsync(TimerDisplay.Off, CancellationToken.None);

        Assert.All(strip.Pixels, c => Assert.True(IsDark(c)));
    }

    [Fact]
    public async Task Dispose_darkens_the_ring_and_releases_the_spi_device()
    {
        var (strip, ring) = NewRing();
        await ring.ShowAsync(Countdown(600, 600, TimerPhase.Running), CancellationToken.None);

        await ring.DisposeAsync();

        Assert.All(strip.Pixels, c => Assert.True(IsDark(c)));
        Assert.True(strip.IsDisposed);
    }

    [Fact]
    public async Task Any_time_left_shows_at_least_one_led_and_none_left_shows_none()
    {
        var (strip, ring) = NewRing();
        await ring.ShowAsync(Countdown(remaining: 1, total: 3600, TimerPhase.OneMinuteWarning), CancellationToken.None);
        Assert.Equal(1, strip.Pixels.Count(c => !IsDark(c)));

        await ring.ShowAsync(Countdown(remaining: 0, total: 3600, TimerPhase.OneMinuteWarning), CancellationToken.None);
        Assert.All(strip.Pixels, c => Assert.True(IsDark(c)));
    }

    [Fact]
    public async Task Lit_leds_never_increase_as_time_runs_down()
    {
        var (strip, ring) = NewRing();
        var previous = Leds;
        for (var remaining = 1200; remaining >= 0; remaining -= 7)
        {
            await ring.ShowAsync(Countdown(remaining, 1200, TimerPhase.Running), CancellationToken.None);
            var lit = strip.Pixels.Count(c => !IsDark(c));
            Assert.True(lit <= previous, $"{remaining}s left lit {lit} after {previous}");
            previous = lit;
        }
    }

    [Fact]
    public async Task No_pixel_is_ever_red_dominant_in_any_phase_or_time_left()
    {
        var (strip, ring) = NewRing(brightness: 1.0);
        var frames = 0;
        foreach (var phase in Enum.GetValues<TimerPhase>())
        {
            for (var remaining = -60; remaining <= 1260; remaining += 13)
            {
                await ring.ShowAsync(Countdown(remaining, 1200, phase), CancellationToken.None);
                frames++;
                foreach (var c in strip.Pixels)
                {
                    // Red high with green and blue near zero is an alarm colour.
                    Assert.False(c.R > 32 && c.G < c.R / 4 && c.B < c.R / 4, $"{phase} at {remaining}s shows red-dominant {c}");
                }
            }
        }

        Assert.Equal(frames, strip.FrameCount);
    }

    [Fact]
    public void A_red_palette_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new TimerRingPalette(
            running: Color.FromArgb(0, 200, 100),
            fiveMinuteWarning: Color.FromArgb(255, 170, 40),
            oneMinuteWarning: Color.FromArgb(255, 0, 0),
            ended: Color.FromArgb(110, 90, 150),
            overrun: Color.FromArgb(45, 40, 70)));
    }

    private static int Sum(Color c) => c.R + c.G + c.B;
}
