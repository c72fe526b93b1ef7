using Inclusion.Iot.Edge.Domain.Configuration;
using Inclusion.Iot.Edge.Domain.Events;
using Inclusion.Iot.Edge.Domain.Room;
using Inclusion.Iot.Edge.Domain.Rules;

namespace Inclusion.Iot.Edge.Domain.Tests.Sessions;

/// <summary>R-ESCORT: a pupil without a badge is added by the session's escort on the panel, through every admission rule.</summary>
public sealed class PanelAddedPupilTests
{
    private readonly RoomFixture _room = new();

    private RoomSnapshot Snapshot => _room.Snapshot;

    [Fact]
    public void The_escort_of_a_session_started_on_the_panel_adds_a_pupil_without_a_badge_and_the_door_opens_for_them()
    {
        _room.Badge(RoomFixture.Olena);
        _room.Room.StartOnPanel(SessionKind.Individual, Snapshot);
        // Well past the escort window: the escort is in the room with the session.
        _room.Advance(TimeSpan.FromSeconds(40));

        var added = _room.Room.AddPupilOnPanel("p-3f9a1c", Snapshot);

        var joined = Assert.Single(added.Events.OfType<PupilJoined>());
        Assert.Equal(("p-3f9a1c", "staff-olena", true), (joined.PupilId, joined.EscortStaffId, joined.AddedOnPanel));
        Assert.DoesNotContain(added.Events, e => e is BadgeAccepted);
        Assert.Null(added.Refused);
        Assert.Contains(added.Effects, e => e is ReleaseLocks);
        Assert.Equal(["p-3f9a1c"], added.State.Session!.PupilIds);
        // The programme's length (20), not the policy's individual default (24).
        Assert.Equal(20, added.State.Session.PlannedMinutes);
    }

    [Fact]
    public void Without_a_session_or_with_an_unknown_or_present_pupil_nothing_happens_and_the_panel_is_told_why()
    {
        Assert.Equal(RefusalReason.NoConfiguration, _room.Room.AddPupilOnPanel("p-3f9a1c", null).Refused);
        Assert.Equal(RefusalReason.NoSession, _room.Room.AddPupilOnPanel("p-3f9a1c", Snapshot).Refused);
        _room.StartSession();
        Assert.Equal(RefusalReason.UnknownPupil, _room.Room.AddPupilOnPanel("p-nobody", Snapshot).Refused);

        var again = _room.Room.AddPupilOnPanel("p-3f9a1c", Snapshot);

        Assert.Equal(RefusalReason.AlreadyInSession, again.Refused);
        Assert.Empty(again.Events);
        Assert.Equal(["p-3f9a1c"], again.State.Session!.PupilIds);
    }

    [Fact]
    public void The_rules_still_apply_an_assistant_may_not_add_a_pupil_not_assigned_to_them()
    {
        _room.Badge(RoomFixture.Ivan);
        _room.Room.StartOnPanel(SessionKind.Group, Snapshot);

        var fox = _room.Room.AddPupilOnPanel("p-3f9a1c", Snapshot);

        Assert.Equal((RefusalReason.NotPermitted, RuleIds.Escort), (fox.Refused, fox.RefusedBy));
        Assert.Equal("panel", Assert.Single(fox.Events.OfType<BadgeRefused>()).Reader);
        Assert.Single(_room.Room.AddPupilOnPanel("p-7b2e4d", Snapshot).Events.OfType<PupilJoined>());
    }

    [Fact]
    public void A_panel_added_pupil_refused_by_an_overridable_rule_is_let_in_by_the_override_without_a_badge_event()
    {
        var snapshot = Snapshot with
        {
            Pupils = [.. Snapshot.Pupils.Select(p => p.PupilId == "p-3f9a1c" ? p with { Schedule = [] } : p)],
            Staff = [.. Snapshot.Staff.Select(s => s.StaffId == "staff-olena" ? s with { CanOverride = true } : s)],
        };
        _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Olena, snapshot);
        _room.Room.StartOnPanel(SessionKind.Individual, snapshot);
        Assert.Equal(RefusalReason.OutsideSchedule, _room.Room.AddPupilOnPanel("p-3f9a1c", snapshot).Refused);

        var overridden = _room.Room.OverrideOnPanel("Moved from this morning", snapshot);

        Assert.IsType<RuleOverridden>(overridden.Events[0]);
        Assert.True(Assert.Single(overridden.Events.OfType<PupilJoined>()).AddedOnPanel);
        Assert.DoesNotContain(overridden.Events, e => e is BadgeAccepted);
    }
}
