using Inclusion.Iot.Edge.Domain.Configuration;
using Inclusion.Iot.Edge.Domain.Events;
using Inclusion.Iot.Edge.Domain.Room;
using Inclusion.Iot.Edge.Domain.Rules;

namespace Inclusion.Iot.Edge.Domain.Tests.Rules;

/// <summary>R-ADAPT: the cap per visit by week of the adaptation period, its week boundary at local midnight, groups, extensions.</summary>
public sealed class AdaptationTests
{
    private readonly RoomFixture _room = new();

    /// <summary>Fox in an adaptation period (caps 10, 15, 20 minutes); the clock is Tuesday 24 Nov 2026, 11:00 in Kyiv.</summary>
    private RoomSnapshot Snapshot(DateOnly startsOn, params int[] minutesByWeek) => _room.Snapshot with
    {
        TimeZone = "Europe/Kyiv",
        Pupils = [.. _room.Snapshot.Pupils.Select(p => p.PupilId == "p-3f9a1c"
            ? p with { Adaptation = new Adaptation(startsOn, minutesByWeek.Length > 0 ? minutesByWeek : [10, 15, 20]) }
            : p)],
    };

    private SessionStarted Started(RoomSnapshot snapshot)
    {
        _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Olena, snapshot);
        return Assert.Single(_room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Fox, snapshot).Events.OfType<SessionStarted>());
    }

    [Fact]
    public void In_week_two_the_session_is_planned_at_week_twos_cap_and_says_why()
    {
        var started = Started(Snapshot(new DateOnly(2026, 11, 17)));

        // Fox's programme says 20 minutes; week 2's cap is 15.
        Assert.Equal((15, RuleIds.Adaptation), (started.PlannedMinutes, started.PlannedLimitedBy));
        var fox = Assert.Single(_room.Room.State.Session!.Pupils);
        Assert.Equal((15, 2), (fox.CapMinutes, fox.AdaptationWeek));
    }

    [Fact]
    public void The_adaptation_week_turns_at_midnight_in_the_organisations_zone()
    {
        // Period from Wednesday 18 Nov: Tuesday 24 Nov is its 7th day, still week 1 until Wednesday 00:00 in Kyiv.
        var snapshot = Snapshot(new DateOnly(2026, 11, 18));
        _room.Time.SetUtcNow(new DateTimeOffset(2026, 11, 24, 21, 59, 59, TimeSpan.Zero));
        Assert.Equal(10, Started(snapshot).PlannedMinutes);
        _room.Room.EndOnPanel(snapshot);

        _room.Time.SetUtcNow(new DateTimeOffset(2026, 11, 24, 22, 0, 0, TimeSpan.Zero));
        Assert.Equal(15, Started(snapshot).PlannedMinutes);
    }

    [Fact]
    public void Before_and_after_the_period_no_cap_applies()
    {
        var before = Started(Snapshot(new DateOnly(2026, 11, 25)));
        Assert.Equal((20, null), (before.PlannedMinutes, before.PlannedLimitedBy));
        _room.Room.EndOnPanel();

        // Three weeks from 1 Nov ended on 21 Nov.
        Assert.Equal(20, Started(Snapshot(new DateOnly(2026, 11, 1))).PlannedMinutes);
    }

    [Fact]
    public void A_cap_above_the_planned_length_changes_nothing()
    {
        var started = Started(Snapshot(new DateOnly(2026, 11, 24), 30));
        Assert.Equal((20, null), (started.PlannedMinutes, started.PlannedLimitedBy));
    }

    [Fact]
    public void The_cap_holds_below_the_kinds_shortest_length_the_programme_wins()
    {
        // R-DUR's individual minimum here is 15 minutes; week 1's cap is 10.
        Assert.Equal(10, Started(Snapshot(new DateOnly(2026, 11, 24))).PlannedMinutes);
    }

    [Fact]
    public void An_extension_past_the_cap_is_refused_by_R_ADAPT()
    {
        var snapshot = Snapshot(new DateOnly(2026, 11, 17), 10, 27);
        Assert.Equal(20, Started(snapshot).PlannedMinutes);
        // The policy's step (7) reaches the cap exactly; one more minute is past it.
        Assert.Equal(27, _room.Room.ExtendOnPanel(null, snapshot).State.Session!.PlannedMinutes);

        var refused = _room.Room.ExtendOnPanel(1, snapshot);

        Assert.Equal((RefusalReason.AdaptationCap, RuleIds.Adaptation), (refused.Refused, refused.RefusedBy));
        Assert.Equal(27, _room.Room.State.Session!.PlannedMinutes);
    }

    [Fact]
    public void A_group_with_a_pupil_in_adaptation_is_planned_at_that_pupils_cap()
    {
        var snapshot = Snapshot(new DateOnly(2026, 11, 17));
        Started(snapshot);
        _room.Advance(TimeSpan.FromSeconds(3));

        var owl = _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Owl, snapshot);

        var replanned = Assert.Single(owl.Events.OfType<SessionReplanned>());
        Assert.Equal((SessionKind.Group, 15, RuleIds.Adaptation), (replanned.Kind, replanned.PlannedMinutes, replanned.PlannedLimitedBy));
    }

    [Fact]
    public void A_pupil_in_adaptation_joining_a_group_started_on_the_panel_brings_its_plan_down()
    {
        var snapshot = Snapshot(new DateOnly(2026, 11, 24));
        _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Olena, snapshot);
        Assert.Equal(38, _room.Room.StartOnPanel(SessionKind.Group, snapshot).State.Session!.PlannedMinutes);
        _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Owl, snapshot);

        var fox = _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Fox, snapshot);

        Assert.Equal((10, RuleIds.Adaptation), (fox.State.Session!.PlannedMinutes, fox.State.Session.PlannedLimitedBy));
        Assert.Equal(10, Assert.Single(fox.Events.OfType<SessionReplanned>()).PlannedMinutes);
    }

    [Theory]
    [InlineData(2026, 11, 16, null)]
    [InlineData(2026, 11, 17, 10)]
    [InlineData(2026, 11, 23, 10)]
    [InlineData(2026, 11, 24, 15)]
    [InlineData(2026, 12, 7, 20)]
    [InlineData(2026, 12, 8, null)]
    public void CapOn_counts_weeks_from_the_first_day(int year, int month, int day, int? cap)
    {
        var adaptation = new Adaptation(new DateOnly(2026, 11, 17), [10, 15, 20]);
        Assert.Equal(cap, adaptation.CapOn(new DateOnly(year, month, day))?.Minutes);
    }
}
