using Inclusion.Iot.Edge.Domain.Lighting;
using Inclusion.Iot.Edge.Domain.Room;
using Microsoft.Extensions.Time.Testing;

namespace Inclusion.Iot.Edge.Domain.Tests.Lighting;

public sealed class LightChangeLimiterTests
{
    private const string Ceiling = "ceiling-light";
    private const string Mood = "mood-light";
    private static readonly LightScene Calm = new(true, 30, 2400, 8);
    private static readonly LightScene Bright = new(true, 70, 3300, 3);
    private static readonly LightScene Dim = new(true, 10, 2200, 5);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    private readonly LightChangeLimiter _limiter = new();

    private DateTimeOffset Now => _time.GetUtcNow();

    private LimitedChange Offer(LightScene scene, string zone = Ceiling) => _limiter.Offer(zone, scene, Now);

    private IReadOnlyList<(string Zone, LightScene Scene)> Due() => _limiter.Due(Now);

    private void Advance(double seconds) => _time.Advance(TimeSpan.FromSeconds(seconds));

    [Fact]
    public void The_first_change_of_a_zone_is_sent_at_once_with_its_fade()
    {
        var change = Offer(Calm);

        Assert.Equal(new LimitedChange(LightChangeOutcome.Send, Calm, Now), change);
        Assert.True(change.SendNow);
        Assert.Equal(Calm, _limiter.SceneOf(Ceiling));
        Assert.Null(_limiter.NextDueAt);
    }

    [Fact]
    public void The_default_interval_is_one_second()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), _limiter.MinimumInterval);
        Assert.Equal(1, _limiter.Policy.MinimumFade);
    }

    [Fact]
    public void A_change_within_the_zones_second_is_held_until_the_second_is_up()
    {
        var sentAt = Now;
        Offer(Calm);
        Advance(0.4);

        var change = Offer(Bright);

        Assert.Equal(new LimitedChange(LightChangeOutcome.Held, Bright, sentAt.AddSeconds(1)), change);
        Assert.False(change.SendNow);
        Assert.Equal(Calm, _limiter.SceneOf(Ceiling));
        Assert.Equal(Bright, _limiter.HeldFor(Ceiling));
        Assert.Equal(sentAt.AddSeconds(1), _limiter.NextDueAt);
    }

    [Fact]
    public void A_held_change_is_released_when_its_second_is_up_and_not_before()
    {
        Offer(Calm);
        Advance(0.5);
        Offer(Bright);

        Advance(0.499);
        Assert.Empty(Due());
        Advance(0.001);
        Assert.Equal([(Ceiling, Bright)], Due());

        Assert.Equal(Bright, _limiter.SceneOf(Ceiling));
        Assert.Null(_limiter.HeldFor(Ceiling));
        Assert.Empty(Due());
        Assert.Null(_limiter.NextDueAt);
    }

    [Fact]
    public void A_held_change_released_late_by_the_tick_starts_the_next_interval_when_it_was_sent()
    {
        Offer(Calm);
        Advance(0.2);
        Offer(Bright); // due at 1.0
        Advance(1.3); // the tick comes at 1.5
        Assert.Equal([(Ceiling, Bright)], Due());

        Advance(0.9); // 2.4: under a second after the release at 1.5
        Assert.Equal(LightChangeOutcome.Held, Offer(Dim).Outcome);
        Assert.Equal(Now.AddSeconds(0.1), _limiter.NextDueAt);
        Advance(0.1);
        Assert.Equal([(Ceiling, Dim)], Due());
    }

    [Fact]
    public void The_newest_held_scene_replaces_an_older_one_and_keeps_its_release_time()
    {
        var sentAt = Now;
        Offer(Calm);
        Advance(0.1);
        Offer(Bright);
        Advance(0.3);
        var dim = Offer(Dim);
        Advance(0.5);
        var brightAgain = Offer(Bright);

        Assert.Equal(sentAt.AddSeconds(1), dim.At);
        Assert.Equal(sentAt.AddSeconds(1), brightAgain.At);
        Assert.Equal(Bright, _limiter.HeldFor(Ceiling));
        Advance(0.1);
        Assert.Equal([(Ceiling, Bright)], Due());
        Advance(5);
        Assert.Empty(Due());
    }

    [Fact]
    public void Asking_for_the_scene_the_zone_already_has_is_dropped()
    {
        Offer(Calm);
        Advance(3);

        var again = Offer(Calm);

        Assert.Equal(new LimitedChange(LightChangeOutcome.Dropped, Calm, Now), again);
        Assert.Null(_limiter.HeldFor(Ceiling));
    }

    [Fact]
    public void A_repeat_with_another_fade_is_still_a_repeat()
    {
        Offer(Calm);
        Advance(3);

        var again = Offer(Calm with { FadeSeconds = 20 });

        Assert.Equal(LightChangeOutcome.Dropped, again.Outcome);
        Assert.Equal(Calm, again.Scene);
        Assert.Equal(Calm, _limiter.SceneOf(Ceiling));
    }

    [Fact]
    public void A_repeat_within_the_second_is_dropped_not_held()
    {
        Offer(Calm);
        Advance(0.3);

        Assert.Equal(LightChangeOutcome.Dropped, Offer(Calm).Outcome);
        Advance(1);
        Assert.Empty(Due());
    }

    [Fact]
    public void Asking_for_the_current_scene_again_cancels_a_held_change()
    {
        Offer(Calm);
        Advance(0.2);
        Offer(Bright);
        Advance(0.2);

        Assert.Equal(LightChangeOutcome.Dropped, Offer(Calm).Outcome);

        Assert.Null(_limiter.HeldFor(Ceiling));
        Assert.Null(_limiter.NextDueAt);
        Advance(2);
        Assert.Empty(Due());
        Assert.Equal(Calm, _limiter.SceneOf(Ceiling));
    }

    [Fact]
    public void A_scene_held_twice_stays_held_once()
    {
        Offer(Calm);
        Advance(0.2);
        var first = Offer(Bright);
        Advance(0.2);
        var second = Offer(Bright);

        Assert.Equal(first, second);
        Advance(0.6);
        Assert.Equal([(Ceiling, Bright)], Due());
    }

    [Fact]
    public void An_offer_after_the_interval_is_sent_at_once_and_replaces_a_held_change_not_yet_released()
    {
        Offer(Calm);
        Advance(0.5);
        Offer(Bright);
        Advance(0.7); // past the release time, but no tick has come

        var dim = Offer(Dim);

        Assert.Equal(new LimitedChange(LightChangeOutcome.Send, Dim, Now), dim);
        Assert.Null(_limiter.HeldFor(Ceiling));
        Assert.Empty(Due());
    }

    [Fact]
    public void An_offer_exactly_one_second_after_the_last_change_is_sent()
    {
        Offer(Calm);
        Advance(1);

        Assert.Equal(LightChangeOutcome.Send, Offer(Bright).Outcome);
    }

    [Fact]
    public void Zones_are_limited_independently()
    {
        Offer(Calm, Ceiling);
        Advance(0.5);

        Assert.Equal(LightChangeOutcome.Send, Offer(Calm, Mood).Outcome);
        Assert.Equal(LightChangeOutcome.Held, Offer(Bright, Ceiling).Outcome);
        Advance(0.2);
        Assert.Equal(LightChangeOutcome.Held, Offer(Dim, Mood).Outcome);

        Advance(0.3);
        Assert.Equal([(Ceiling, Bright)], Due());
        Advance(0.5);
        Assert.Equal([(Mood, Dim)], Due());
    }

    [Fact]
    public void Due_releases_every_zone_whose_time_has_come_in_zone_order()
    {
        Offer(Calm, Mood);
        Offer(Calm, Ceiling);
        Offer(Calm, "a-lamp");
        Advance(0.5);
        Offer(Bright, Mood);
        Offer(Dim, Ceiling);
        Offer(Dim, "a-lamp");

        Advance(0.5);

        Assert.Equal([("a-lamp", Dim), (Ceiling, Dim), (Mood, Bright)], Due());
    }

    [Fact]
    public void Zone_names_are_compared_exactly()
    {
        Offer(Calm, "ceiling");
        Assert.Equal(LightChangeOutcome.Send, Offer(Bright, "Ceiling").Outcome);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-4)]
    [InlineData(int.MinValue)]
    public void A_cut_or_a_negative_fade_becomes_the_minimum_fade(int fade)
    {
        var change = Offer(Calm with { FadeSeconds = fade });

        Assert.Equal(Calm with { FadeSeconds = 1 }, change.Scene);
        Assert.Equal(1, _limiter.SceneOf(Ceiling)!.FadeSeconds);
    }

    [Fact]
    public void A_held_scene_is_released_with_its_fade_clamped_up_too()
    {
        var limiter = new LightChangeLimiter(new LightingPolicy { MinimumFadeSeconds = 4 });
        limiter.Offer(Ceiling, Bright, Now);
        Advance(0.5);
        var held = limiter.Offer(Ceiling, Calm with { FadeSeconds = 0 }, Now);
        Advance(0.5);

        Assert.Equal(4, held.Scene.FadeSeconds);
        Assert.Equal([(Ceiling, Calm with { FadeSeconds = 4 })], limiter.Due(Now));
    }

    [Fact]
    public void A_fade_longer_than_the_minimum_is_kept()
    {
        var limiter = new LightChangeLimiter(new LightingPolicy { MinimumFadeSeconds = 4 });

        Assert.Equal(8, limiter.Offer(Ceiling, Calm, Now).Scene.FadeSeconds);
        Assert.Equal(4, limiter.Offer(Mood, Calm with { FadeSeconds = 3 }, Now).Scene.FadeSeconds);
    }

    [Theory]
    [InlineData(-10, 1000, 0, LightScene.WarmestKelvin)]
    [InlineData(150, 9000, 100, LightScene.CoolestKelvin)]
    [InlineData(0, 2000, 0, 2000)]
    [InlineData(100, 6500, 100, 6500)]
    public void Level_and_colour_temperature_reach_the_zone_within_the_rooms_range(int percent, int kelvin, int expectedPercent, int expectedKelvin)
    {
        var change = Offer(new LightScene(true, percent, kelvin, 2));

        Assert.Equal(new LightScene(true, expectedPercent, expectedKelvin, 2), change.Scene);
    }

    [Fact]
    public void Scenes_that_normalise_to_what_the_zone_has_are_repeats()
    {
        Offer(new LightScene(true, 100, 6500, 2));
        Advance(2);

        Assert.Equal(LightChangeOutcome.Dropped, Offer(new LightScene(true, 140, 12000, 0)).Outcome);
    }

    [Fact]
    public void Turning_off_is_a_change_and_a_fade()
    {
        Offer(Calm);
        Advance(0.5);

        var off = Offer(Calm with { On = false, FadeSeconds = 0 });

        Assert.Equal(LightChangeOutcome.Held, off.Outcome);
        Advance(0.5);
        Assert.Equal([(Ceiling, Calm with { On = false, FadeSeconds = 1 })], Due());
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-1, -3)]
    [InlineData(int.MinValue, int.MinValue)]
    public void A_zero_or_negative_policy_value_means_the_default(int interval, int fade)
    {
        var policy = new LightingPolicy { MinimumIntervalSeconds = interval, MinimumFadeSeconds = fade };

        Assert.Equal(TimeSpan.FromSeconds(LightingPolicy.DefaultMinimumIntervalSeconds), policy.MinimumInterval);
        Assert.Equal(LightingPolicy.DefaultMinimumFadeSeconds, policy.MinimumFade);
        Assert.Equal(TimeSpan.FromSeconds(1), new LightChangeLimiter(policy).MinimumInterval);
    }

    [Fact]
    public void A_longer_interval_from_the_policy_is_honoured()
    {
        var limiter = new LightChangeLimiter(new LightingPolicy { MinimumIntervalSeconds = 5 });
        var sentAt = Now;
        limiter.Offer(Ceiling, Calm, Now);
        Advance(1);

        Assert.Equal(new LimitedChange(LightChangeOutcome.Held, Bright, sentAt.AddSeconds(5)), limiter.Offer(Ceiling, Bright, Now));
        Advance(3.999);
        Assert.Empty(limiter.Due(Now));
        Advance(0.001);
        Assert.Equal([(Ceiling, Bright)], limiter.Due(Now));
    }

    [Fact]
    public void A_forgotten_zone_gets_its_scene_again_but_not_within_its_second()
    {
        Offer(Calm);
        Advance(0.3);
        _limiter.Forget(Ceiling); // it came back online: its light is unknown

        Assert.Null(_limiter.SceneOf(Ceiling));
        var reassert = Offer(Calm);
        Assert.Equal(LightChangeOutcome.Held, reassert.Outcome);
        Advance(0.7);
        Assert.Equal([(Ceiling, Calm)], Due());

        Advance(5);
        Assert.Equal(LightChangeOutcome.Dropped, Offer(Calm).Outcome);
    }

    [Fact]
    public void Forgetting_a_zone_after_its_interval_sends_the_same_scene_at_once()
    {
        Offer(Calm);
        Advance(10);
        _limiter.Forget(Ceiling);

        Assert.Equal(new LimitedChange(LightChangeOutcome.Send, Calm, Now), Offer(Calm));
    }

    [Fact]
    public void Forgetting_a_zone_keeps_its_held_change()
    {
        Offer(Calm);
        Advance(0.3);
        Offer(Bright);
        _limiter.Forget(Ceiling);
        _limiter.Forget("never-seen");

        Advance(0.7);
        Assert.Equal([(Ceiling, Bright)], Due());
    }

    [Fact]
    public void A_clock_stepped_back_holds_a_change_one_interval_not_the_size_of_the_step()
    {
        Offer(Calm);
        // An NTP correction: the wall clock reads an hour earlier (the fake clock cannot go back, so the instants are explicit).
        var stepped = Now.AddHours(-1);

        var held = _limiter.Offer(Ceiling, Bright, stepped);

        Assert.Equal(new LimitedChange(LightChangeOutcome.Held, Bright, stepped.AddSeconds(1)), held);
        Assert.Empty(_limiter.Due(stepped.AddSeconds(0.999)));
        Assert.Equal([(Ceiling, Bright)], _limiter.Due(stepped.AddSeconds(1)));
    }

    [Fact]
    public void A_clock_stepped_back_while_a_change_is_held_releases_it_one_interval_later()
    {
        Offer(Calm);
        Advance(0.5);
        Offer(Bright);
        var stepped = Now.AddMinutes(-10);

        Assert.Empty(_limiter.Due(stepped));
        Assert.Equal(stepped.AddSeconds(1), _limiter.NextDueAt);
        Assert.Empty(_limiter.Due(stepped.AddSeconds(0.999)));
        Assert.Equal([(Ceiling, Bright)], _limiter.Due(stepped.AddSeconds(1)));
    }

    [Fact]
    public void A_burst_of_wishes_becomes_changes_at_least_a_second_apart_each_the_newest_wish_and_the_last_wish_is_reached()
    {
        var scenes = new[] { Calm, Bright, Dim, Calm with { On = false }, Bright with { BrightnessPercent = 90 } };
        var sent = new List<(DateTimeOffset At, LightScene Scene)>();
        LightScene? wanted = null;
        // 20 s in 100 ms steps: a tick (Due) on every whole second, a wish on most steps.
        for (var step = 1; step <= 200; step++)
        {
            Advance(0.1);
            if (step % 10 == 0)
            {
                foreach (var (_, scene) in Due()) sent.Add((Now, scene));
            }

            if (step % 4 == 3) continue;
            wanted = scenes[step * 7 % scenes.Length];
            var change = Offer(wanted);
            if (change.SendNow) sent.Add((Now, change.Scene));
            if (change.Outcome == LightChangeOutcome.Held) Assert.Equal(wanted, change.Scene);
        }

        Advance(1);
        foreach (var (_, scene) in Due()) sent.Add((Now, scene));

        Assert.True(sent.Count >= 15, $"only {sent.Count} changes");
        Assert.All(sent.Zip(sent.Skip(1)), pair => Assert.True(pair.Second.At - pair.First.At >= TimeSpan.FromSeconds(1), $"{pair.First.At:O} → {pair.Second.At:O}"));
        Assert.All(sent.Zip(sent.Skip(1)), pair => Assert.False(LightChangeLimiter.SameLight(pair.First.Scene, pair.Second.Scene)));
        Assert.True(LightChangeLimiter.SameLight(wanted!, sent[^1].Scene));
    }

    [Fact]
    public void Nulls_are_refused()
    {
        Assert.Throws<ArgumentNullException>(() => _limiter.Offer(null!, Calm, Now));
        Assert.Throws<ArgumentNullException>(() => _limiter.Offer(Ceiling, null!, Now));
        Assert.Throws<ArgumentNullException>(() => _limiter.Forget(null!));
        Assert.Throws<ArgumentNullException>(() => _limiter.SceneOf(null!));
        Assert.Throws<ArgumentNullException>(() => _limiter.HeldFor(null!));
    }
}
