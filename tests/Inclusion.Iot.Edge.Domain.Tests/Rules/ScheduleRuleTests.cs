using Inclusion.Iot.Edge.Domain.Configuration;
using Inclusion.Iot.Edge.Domain.Events;
using Inclusion.Iot.Edge.Domain.Room;
using Inclusion.Iot.Edge.Domain.Rules;

namespace Inclusion.Iot.Edge.Domain.Tests.Rules;

/// <summary>
/// R-SCHED at its boundaries: the tolerance before a slot and the slot's end, the day, a slot past midnight, the
/// organisation's zone, kinds that follow no schedule, and the override.
/// </summary>
public sealed class ScheduleRuleTests
{
    private readonly RoomFixture _room = new();

    /// <summary>Fox's approved slot: Tuesday 11:30–12:00 in Kyiv. The fixture's clock is Tuesday 24 Nov 2026, 11:00 in Kyiv.</summary>
    private RoomSnapshot Snapshot(params ScheduleSlot[] foxSlots) => _room.Snapshot with
    {
        TimeZone = "Europe/Kyiv",
        Pupils = [.. _room.Snapshot.Pupils.Select(p => p.PupilId switch
        {
            "p-3f9a1c" => p with { Schedule = foxSlots.Length > 0 ? foxSlots : [new ScheduleSlot(2, 11 * 60 + 30, 30)] },
            "p-7b2e4d" => p with { Schedule = [] },
            _ => p,
        })],
        // Not the preset tolerance, so the test tells the policy's number from a constant.
        Rules = _room.Snapshot.Rules with { Schedule = new SchedulePolicy { ToleranceMinutes = 15 } },
        Staff = [.. _room.Snapshot.Staff.Select(st => st.StaffId == "staff-olena" ? st with { CanOverride = true } : st)],
    };

    private void At(int hour, int minute, int second = 0, int day = 24) =>
        _room.Time.SetUtcNow(new DateTimeOffset(2026, 11, day, hour, minute, second, TimeSpan.FromHours(2)));

    private RoomDecision Bring(string pupil, RoomSnapshot snapshot)
    {
        _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Olena, snapshot);
        return _room.Room.BadgeRead(RoomFixture.Reader, pupil, snapshot);
    }

    private static void AssertOutsideSchedule(RoomDecision decision, string pupilId = "p-3f9a1c")
    {
        var refused = Assert.Single(decision.Events.OfType<BadgeRefused>());
        Assert.Equal((RefusalReason.OutsideSchedule, RuleIds.Schedule, pupilId), (refused.Reason, refused.RuleId, refused.HolderId));
    }

    [Theory]
    [InlineData(11, 14, 59, false)]
    [InlineData(11, 15, 0, true)]
    [InlineData(11, 30, 0, true)]
    [InlineData(11, 59, 59, true)]
    [InlineData(12, 0, 0, false)]
    public void A_session_begins_from_the_tolerance_before_the_slot_until_its_end(int hour, int minute, int second, bool admitted)
    {
        At(hour, minute, second);
        var decision = Bring(RoomFixture.Fox, Snapshot());
        if (admitted) Assert.Single(decision.Events.OfType<SessionStarted>());
        else AssertOutsideSchedule(decision);
    }

    [Fact]
    public void The_slot_is_in_the_organisations_zone_not_utc()
    {
        // 11:40 UTC is 13:40 in Kyiv: past the slot.
        _room.Time.SetUtcNow(new DateTimeOffset(2026, 11, 24, 11, 40, 0, TimeSpan.Zero));
        AssertOutsideSchedule(Bring(RoomFixture.Fox, Snapshot()));
    }

    [Fact]
    public void A_slot_on_another_day_does_not_admit()
    {
        At(11, 40);
        AssertOutsideSchedule(Bring(RoomFixture.Fox, Snapshot(new ScheduleSlot(3, 11 * 60 + 30, 30))));
    }

    [Fact]
    public void A_slot_that_runs_past_midnight_admits_after_midnight_and_its_tolerance_reaches_back_before_it()
    {
        // Tuesday 23:30 for an hour: Wednesday 00:20 is inside it.
        var snapshot = Snapshot(new ScheduleSlot(2, 23 * 60 + 30, 60), new ScheduleSlot(4, 5, 30));
        At(0, 20, day: 25);
        Assert.Single(Bring(RoomFixture.Fox, snapshot).Events.OfType<SessionStarted>());
        _room.Room.EndOnPanel(snapshot);

        // Thursday 00:05: at Wednesday 23:55 its tolerance has begun; at 23:49 it has not.
        At(23, 49, day: 25);
        AssertOutsideSchedule(Bring(RoomFixture.Fox, snapshot));
        At(23, 55, day: 25);
        Assert.Single(Bring(RoomFixture.Fox, snapshot).Events.OfType<SessionStarted>());
    }

    [Fact]
    public void A_pupil_with_a_programme_and_no_slot_in_this_room_is_refused_a_correctional_session()
    {
        At(11, 40);
        AssertOutsideSchedule(Bring(RoomFixture.Owl, Snapshot()), "p-7b2e4d");
    }

    [Fact]
    public void A_pupil_without_a_slot_may_not_join_a_group_but_may_join_unloading_at_any_time()
    {
        At(11, 40);
        var snapshot = Snapshot();
        Bring(RoomFixture.Fox, snapshot);
        _room.Advance(TimeSpan.FromSeconds(2));
        // Owl arriving with Fox would make it a group: Owl has no slot now.
        AssertOutsideSchedule(_room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Owl, snapshot), "p-7b2e4d");
        _room.Room.EndOnPanel(snapshot);

        // R-UNLOAD: an unloading session whatever the schedule (still escorted).
        At(20, 0);
        _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Olena, snapshot);
        _room.Room.StartOnPanel(SessionKind.Unloading, snapshot);
        Assert.Single(_room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Owl, snapshot).Events.OfType<PupilJoined>());
    }

    [Fact]
    public void A_specialist_overrides_the_schedule_with_a_reason_and_the_override_is_recorded()
    {
        At(14, 0);
        var snapshot = Snapshot();
        AssertOutsideSchedule(Bring(RoomFixture.Fox, snapshot));
        Assert.Equal(RuleIds.Schedule, _room.Room.State.PendingOverride!.RuleId);

        var overridden = _room.Room.OverrideOnPanel("Session moved: the class had a trip this morning", snapshot);

        var e = Assert.IsType<RuleOverridden>(overridden.Events[0]);
        Assert.Equal((RuleIds.Schedule, "p-3f9a1c", "staff-olena"), (e.RuleId, e.PupilId, e.StaffId));
        Assert.Equal(SessionKind.Individual, Assert.Single(overridden.Events.OfType<SessionStarted>()).Kind);
    }

    [Fact]
    public void An_assistant_without_the_override_permission_cannot_override_the_schedule()
    {
        At(14, 0);
        var snapshot = Snapshot() with
        {
            Pupils = [.. Snapshot().Pupils.Select(p => p.PupilId == "p-7b2e4d" ? p with { Schedule = [new ScheduleSlot(2, 9 * 60, 30)] } : p)],
        };
        _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Ivan, snapshot);
        AssertOutsideSchedule(_room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Owl, snapshot), "p-7b2e4d");

        var attempt = _room.Room.OverrideOnPanel("Ivan wants to", snapshot);

        Assert.Equal((RefusalReason.NotPermitted, RuleIds.Schedule), (attempt.Refused, attempt.RefusedBy));
        Assert.Null(attempt.State.Session);
    }

    [Fact]
    public void SlotAt_names_the_slot_a_session_falls_in()
    {
        var slots = new[] { new ScheduleSlot(2, 9 * 60, 20), new ScheduleSlot(2, 11 * 60 + 30, 30, SessionKind.Group, "staff-olena") };
        var policy = new SchedulePolicy { ToleranceMinutes = 5 };
        Assert.Equal(slots[1], ScheduleRule.SlotAt(slots, new DateTimeOffset(2026, 11, 24, 11, 25, 0, TimeSpan.FromHours(2)), "Europe/Kyiv", policy));
        Assert.Null(ScheduleRule.SlotAt(slots, new DateTimeOffset(2026, 11, 24, 11, 24, 59, TimeSpan.FromHours(2)), "Europe/Kyiv", policy));
        Assert.Equal(slots[0], ScheduleRule.SlotAt(slots, new DateTimeOffset(2026, 11, 24, 9, 19, 0, TimeSpan.FromHours(2)), "Europe/Kyiv", policy));
        // A slot of no length admits nothing.
        Assert.Null(ScheduleRule.SlotAt([new ScheduleSlot(2, 9 * 60, 0)], new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.FromHours(2)), "Europe/Kyiv", policy));
    }

    [Fact]
    public void An_override_long_after_the_admit_window_starts_the_session_with_the_escorts_who_brought_the_pupil()
    {
        At(14, 0);
        var snapshot = Snapshot();
        AssertOutsideSchedule(Bring(RoomFixture.Fox, snapshot));
        // The specialist types the reason: well past the 5 s window, the room's tick has let the escorts at the door go.
        for (var i = 0; i < 25; i++)
        {
            _room.Advance(TimeSpan.FromSeconds(1));
            _room.Room.Tick(snapshot);
        }

        var overridden = _room.Room.OverrideOnPanel("Moved from this morning", snapshot);

        var started = Assert.Single(overridden.Events.OfType<SessionStarted>());
        Assert.Equal(["staff-olena"], started.EscortStaffIds);
        // Her badge is her tap-out: the session ends, it is never left without its escort.
        _room.Advance(TimeSpan.FromMinutes(1));
        var tapOut = _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Olena, snapshot);
        Assert.Equal(SessionEndReason.EscortBadgedOut, Assert.Single(tapOut.Events.OfType<SessionEnded>()).Reason);
    }
}
