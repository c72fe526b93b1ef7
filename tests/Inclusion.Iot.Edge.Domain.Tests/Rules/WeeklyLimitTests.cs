using Inclusion.Iot.Edge.Domain.Configuration;
using Inclusion.Iot.Edge.Domain.Events;
using Inclusion.Iot.Edge.Domain.Room;
using Inclusion.Iot.Edge.Domain.Rules;

namespace Inclusion.Iot.Edge.Domain.Tests.Rules;

/// <summary>R-WEEK at its boundaries: the 5th session of a level-3 pupil, aborts, other rooms' counts, the week's start in Kyiv.</summary>
public sealed class WeeklyLimitTests
{
    private readonly RoomFixture _room = new();

    /// <summary>The fixture's morning (Tuesday 24 Nov 2026, 11:00 in Kyiv), Fox at <paramref name="level"/>.</summary>
    private RoomSnapshot Snapshot(int level = 3, int programme = 0, int elsewhere = 0, DateTimeOffset? issued = null) => _room.Snapshot with
    {
        TimeZone = "Europe/Kyiv",
        IssuedAt = issued ?? _room.Time.GetUtcNow(),
        Pupils = [.. _room.Snapshot.Pupils.Select(p => p.PupilId == "p-3f9a1c" ? p with { SupportLevel = level, WeeklySessionLimit = programme, SessionsThisWeekElsewhere = elsewhere } : p)],
        // Olena, the specialist, may override; Ivan, an assistant, may not.
        Staff = [.. _room.Snapshot.Staff.Select(st => st.StaffId == "staff-olena" ? st with { CanOverride = true } : st)],
    };

    /// <summary>Olena brings Fox in; returns the pupil's decision, and ends the session again if it began.</summary>
    private RoomDecision Session(RoomSnapshot snapshot, bool abort = false)
    {
        _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Olena, snapshot);
        var fox = _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Fox, snapshot);
        _room.Advance(TimeSpan.FromMinutes(20));
        if (fox.State.Session is not null)
        {
            if (abort) _room.Room.AbortOnPanel(snapshot);
            else _room.Room.EndOnPanel(snapshot);
        }

        _room.Advance(TimeSpan.FromMinutes(10));
        return fox;
    }

    private static void AssertWeeklyRefusal(RoomDecision decision)
    {
        var refused = Assert.Single(decision.Events.OfType<BadgeRefused>());
        Assert.Equal((RefusalReason.WeeklyLimit, RuleIds.Week, "p-3f9a1c"), (refused.Reason, refused.RuleId, refused.HolderId));
        Assert.Null(decision.State.Session);
    }

    [Fact]
    public void A_level_3_pupil_has_four_sessions_a_week_and_the_fifth_is_refused()
    {
        var snapshot = Snapshot(level: 3);
        for (var i = 0; i < 4; i++) Assert.NotNull(Session(snapshot).State.Session);
        AssertWeeklyRefusal(Session(snapshot));
    }

    [Fact]
    public void An_aborted_session_does_not_count()
    {
        var snapshot = Snapshot(level: 2);
        Session(snapshot, abort: true);
        Session(snapshot);
        Assert.NotNull(Session(snapshot).State.Session);
        AssertWeeklyRefusal(Session(snapshot));
    }

    [Fact]
    public void The_programmes_lower_number_wins_over_the_level()
    {
        var snapshot = Snapshot(level: 5, programme: 1);
        Session(snapshot);
        AssertWeeklyRefusal(Session(snapshot));
    }

    [Fact]
    public void Sessions_in_the_organisations_other_rooms_count_as_of_the_snapshot()
    {
        var snapshot = Snapshot(level: 3, elsewhere: 3);
        Assert.NotNull(Session(snapshot).State.Session);
        AssertWeeklyRefusal(Session(snapshot));
    }

    [Fact]
    public void Other_rooms_counts_from_a_snapshot_of_last_week_do_not_count()
    {
        var snapshot = Snapshot(level: 3, elsewhere: 4, issued: _room.Time.GetUtcNow().AddDays(-3));
        Assert.NotNull(Session(snapshot).State.Session);
    }

    [Fact]
    public void The_week_begins_at_monday_midnight_in_the_organisations_zone()
    {
        var snapshot = Snapshot(level: 2);
        Session(snapshot);
        Session(snapshot);
        // Sunday 29 Nov, 23:59 in Kyiv (21:59 UTC): still the same week, refused.
        _room.Time.SetUtcNow(new DateTimeOffset(2026, 11, 29, 21, 59, 0, TimeSpan.Zero));
        _room.Room.Tick(snapshot);
        AssertWeeklyRefusal(Session(snapshot));
        // Monday 00:00 in Kyiv: a new week. (Session() moved the clock on half an hour; set it back to the boundary.)
        Assert.Equal(
            new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.FromHours(2)),
            WeeklyLimitRule.WeekStart(new DateTimeOffset(2026, 11, 29, 22, 0, 0, TimeSpan.Zero), "Europe/Kyiv"));
        Assert.Equal(
            new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.FromHours(2)),
            WeeklyLimitRule.WeekStart(new DateTimeOffset(2026, 11, 29, 21, 59, 59, TimeSpan.Zero), "Europe/Kyiv"));
        Assert.NotNull(Session(snapshot).State.Session);
    }

    [Fact]
    public void Unloading_and_open_use_are_neither_limited_nor_counted()
    {
        var snapshot = Snapshot(level: 1);
        AssertWeeklyRefusal(Session(snapshot));
        _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Olena, snapshot);
        _room.Room.StartOnPanel(SessionKind.Unloading, snapshot);
        Assert.Single(_room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Fox, snapshot).Events.OfType<PupilJoined>());
    }

    [Fact]
    public void A_pupil_of_unknown_level_without_a_programme_number_is_not_limited()
    {
        var snapshot = Snapshot(level: 0);
        for (var i = 0; i < 10; i++) Assert.NotNull(Session(snapshot).State.Session);
    }

    [Fact]
    public void A_specialist_overrides_the_weekly_limit_on_the_panel_with_a_reason_and_the_pupil_comes_in()
    {
        var snapshot = Snapshot(level: 5, programme: 1);
        Session(snapshot);
        _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Olena, snapshot);
        AssertWeeklyRefusal(_room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Fox, snapshot));
        Assert.Equal(RuleIds.Week, _room.Room.State.PendingOverride!.RuleId);
        _room.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(RefusalReason.ReasonRequired, _room.Room.OverrideOnPanel("  ", snapshot).Refused);
        var overridden = _room.Room.OverrideOnPanel("Extra session agreed with the parents", snapshot);

        var e = Assert.IsType<RuleOverridden>(overridden.Events[0]);
        Assert.Equal((RuleIds.Week, "p-3f9a1c", "staff-olena", "Extra session agreed with the parents"), (e.RuleId, e.PupilId, e.StaffId, e.Reason));
        Assert.Contains(overridden.Events, ev => ev is SessionStarted);
        Assert.Null(overridden.State.PendingOverride);
        Assert.Equal(RefusalReason.NothingToOverride, _room.Room.OverrideOnPanel("again", snapshot).Refused);
    }

    [Fact]
    public void Only_a_specialist_with_the_override_permission_who_brought_the_pupil_may_override_and_only_in_time()
    {
        var snapshot = Snapshot(level: 5, programme: 1) with
        {
            Staff = [.. _room.Snapshot.Staff.Select(st => st.StaffId == "staff-ivan" ? st with { AssignedPupilIds = ["p-7b2e4d", "p-3f9a1c"] } : st)],
        };
        Session(snapshot);
        _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Ivan, snapshot);
        AssertWeeklyRefusal(_room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Fox, snapshot));
        var refused = _room.Room.OverrideOnPanel("because", snapshot);
        Assert.Equal(RefusalReason.NotPermitted, refused.Refused);
        Assert.True(refused.IsEmpty);

        var withOlena = Snapshot(level: 5, programme: 1);
        _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Olena, withOlena);
        AssertWeeklyRefusal(_room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Fox, withOlena));
        _room.Advance(withOlena.Rules.Safety.OverrideWindow);
        Assert.Equal(RefusalReason.NothingToOverride, _room.Room.OverrideOnPanel("too late", withOlena).Refused);
    }

    [Fact]
    public void R_ESCORT_is_never_overridable()
    {
        var snapshot = Snapshot();
        _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Olena, snapshot);
        Assert.Equal(RefusalReason.NotPermitted, Assert.Single(_room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Whale, snapshot).Events.OfType<BadgeRefused>()).Reason);
        Assert.Null(_room.Room.State.PendingOverride);
        Assert.Equal(RefusalReason.NothingToOverride, _room.Room.OverrideOnPanel("please", snapshot).Refused);
    }

    [Fact]
    public void In_warn_mode_a_pupil_past_the_limit_comes_in_and_the_breach_is_recorded()
    {
        var snapshot = Snapshot(level: 2) with { Rules = Snapshot().Rules with { Weekly = new WeeklyPolicy { Enforcement = RuleEnforcement.Warn } } };
        Session(snapshot);
        Session(snapshot);

        var third = Session(snapshot);

        Assert.DoesNotContain(third.Events, e => e is BadgeRefused);
        var warned = Assert.Single(third.Events.OfType<RuleWarned>());
        var started = Assert.Single(third.Events.OfType<SessionStarted>());
        Assert.Equal((RuleIds.Week, "p-3f9a1c", started.SessionId, RefusalReason.WeeklyLimit, 2, 2), (warned.RuleId, warned.PupilId, warned.SessionId, warned.Reason, warned.Count, warned.Limit));
    }

    [Fact]
    public void Within_the_limit_warn_mode_warns_of_nothing()
    {
        var snapshot = Snapshot(level: 2) with { Rules = Snapshot().Rules with { Weekly = new WeeklyPolicy { Enforcement = RuleEnforcement.Warn } } };
        Assert.DoesNotContain(Session(snapshot).Events, e => e is RuleWarned);
        Assert.DoesNotContain(Session(snapshot).Events, e => e is RuleWarned);
    }

    [Fact]
    public void The_session_knows_its_place_in_the_pupils_week_for_the_panel()
    {
        var snapshot = Snapshot(level: 3, elsewhere: 1);
        Session(snapshot);
        _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Olena, snapshot);

        var fox = Assert.Single(_room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Fox, snapshot).State.Session!.Pupils);

        // One elsewhere, one here before: this is the 3rd of 4.
        Assert.Equal((3, 4), (fox.WeekCount, fox.WeekLimit));
    }
}
