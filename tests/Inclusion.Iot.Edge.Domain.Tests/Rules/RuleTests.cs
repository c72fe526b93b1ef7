using System.Globalization;
using Inclusion.Iot.Edge.Domain.Configuration;
using Inclusion.Iot.Edge.Domain.Events;
using Inclusion.Iot.Edge.Domain.Room;
using Inclusion.Iot.Edge.Domain.Rules;

namespace Inclusion.Iot.Edge.Domain.Tests.Rules;

/// <summary>R-ESCORT, R-CAP, R-GROUP and R-DUR at their boundaries, each refusal naming its rule.</summary>
public sealed class RuleTests
{
    private readonly RoomFixture _room = new();

    /// <summary>The fixture's snapshot with <paramref name="count"/> more pupils (uids 0422000001…), all with plain profiles.</summary>
    private RoomSnapshot WithPupils(int count, Func<RoomSnapshot, RoomSnapshot>? change = null)
    {
        var extra = Enumerable.Range(1, count).Select(i => RoomFixture.Pupil($"p-x{i}", $"Pupil {i}", Uid(i), new SensoryProfile()));
        var snapshot = _room.Snapshot with { Pupils = [.. _room.Snapshot.Pupils, .. extra] };
        return change is null ? snapshot : change(snapshot);
    }

    private static string Uid(int i) => "0422" + i.ToString("X6", CultureInfo.InvariantCulture);

    private RoomDecision Badge(string uid, RoomSnapshot snapshot) => _room.Room.BadgeRead(RoomFixture.Reader, uid, snapshot);

    [Fact]
    public void R_CAP_exactly_the_rooms_capacity_is_admitted_and_the_next_pupil_is_refused_by_R_CAP()
    {
        // The preset capacity of 8, in open use (no group limit applies).
        var snapshot = WithPupils(9);
        Badge(RoomFixture.Olena, snapshot);
        _room.Room.StartOnPanel(SessionKind.OpenUse, snapshot);
        for (var i = 1; i <= 8; i++)
        {
            Assert.Single(Badge(Uid(i), snapshot).Events.OfType<PupilJoined>());
        }

        var ninth = Badge(Uid(9), snapshot);
        var refused = Assert.IsType<BadgeRefused>(Assert.Single(ninth.Events));
        Assert.Equal((RefusalReason.RoomFull, RuleIds.Capacity, "p-x9"), (refused.Reason, refused.RuleId, refused.HolderId));
        Assert.Equal(RuleIds.Capacity, ninth.State.LastRefusal!.RuleId);
        Assert.Equal(8, ninth.State.Session!.Pupils.Count);
    }

    [Fact]
    public void R_CAP_a_rooms_own_capacity_applies()
    {
        var snapshot = WithPupils(3, s => s with { Capacity = 2 });
        Badge(RoomFixture.Olena, snapshot);
        _room.Room.StartOnPanel(SessionKind.OpenUse, snapshot);
        Badge(Uid(1), snapshot);
        Badge(Uid(2), snapshot);
        Assert.Equal(RefusalReason.RoomFull, Assert.Single(Badge(Uid(3), snapshot).Events.OfType<BadgeRefused>()).Reason);
    }

    [Fact]
    public void R_GROUP_a_group_takes_the_policys_most_pupils_and_refuses_the_next_by_R_GROUP()
    {
        var snapshot = WithPupils(6);
        Badge(RoomFixture.Olena, snapshot);
        _room.Room.StartOnPanel(SessionKind.Group, snapshot);
        for (var i = 1; i <= 5; i++) Badge(Uid(i), snapshot);

        var sixth = Assert.Single(Badge(Uid(6), snapshot).Events.OfType<BadgeRefused>());
        Assert.Equal((RefusalReason.GroupFull, RuleIds.Group), (sixth.Reason, sixth.RuleId));
        Assert.Equal(5, _room.Room.State.Session!.Pupils.Count);
    }

    [Fact]
    public void R_GROUP_does_not_limit_open_use()
    {
        var snapshot = WithPupils(6);
        Badge(RoomFixture.Olena, snapshot);
        _room.Room.StartOnPanel(SessionKind.OpenUse, snapshot);
        for (var i = 1; i <= 6; i++) Assert.Empty(Badge(Uid(i), snapshot).Events.OfType<BadgeRefused>());
    }

    [Fact]
    public void R_DUR_an_extension_past_the_kinds_longest_length_is_refused_and_changes_nothing()
    {
        _room.StartSession(RoomFixture.Olena, RoomFixture.Fox);
        Assert.Equal(30, _room.Room.ExtendOnPanel(10, _room.Snapshot).State.Session!.PlannedMinutes);

        var refused = _room.Room.ExtendOnPanel(1, _room.Snapshot);

        Assert.Equal((RefusalReason.DurationLimit, RuleIds.Duration), (refused.Refused, refused.RefusedBy));
        Assert.True(refused.IsEmpty);
        Assert.Equal(30, refused.State.Session!.PlannedMinutes);
    }

    [Fact]
    public void R_DUR_open_use_and_unloading_have_no_longest_length()
    {
        _room.Badge(RoomFixture.Olena);
        _room.Room.StartOnPanel(SessionKind.Unloading, _room.Snapshot);
        Assert.Equal(12 + 120, _room.Room.ExtendOnPanel(120, _room.Snapshot).State.Session!.PlannedMinutes);
    }

    [Theory]
    [InlineData(40, 30)]
    [InlineData(10, 15)]
    [InlineData(22, 22)]
    public void R_DUR_a_programmes_length_is_brought_within_the_individual_bounds(int programme, int planned)
    {
        var snapshot = _room.Snapshot with { Pupils = [.. _room.Snapshot.Pupils.Select(p => p with { IndividualSessionMinutes = programme })] };
        Badge(RoomFixture.Olena, snapshot);
        Assert.Equal(planned, Assert.Single(Badge(RoomFixture.Fox, snapshot).Events.OfType<SessionStarted>()).PlannedMinutes);
    }

    [Fact]
    public void R_DUR_the_group_length_is_brought_within_the_group_bounds()
    {
        var snapshot = _room.Snapshot with { Rules = _room.Snapshot.Rules with { Sessions = _room.Snapshot.Rules.Sessions with { GroupMinutes = 60 } } };
        Badge(RoomFixture.Olena, snapshot);
        Assert.Equal(45, Assert.Single(_room.Room.StartOnPanel(SessionKind.Group, snapshot).Events.OfType<SessionStarted>()).PlannedMinutes);
    }

    [Fact]
    public void R_ESCORT_refusals_name_their_rule_and_an_unknown_badge_names_none()
    {
        _room.Badge(RoomFixture.Fox);
        _room.Advance(_room.Snapshot.Rules.EscortWindow);
        Assert.Equal(RuleIds.Escort, Assert.Single(_room.Room.Tick(_room.Snapshot).Events.OfType<BadgeRefused>()).RuleId);
        Assert.Equal(RuleIds.Escort, Assert.Single(_room.Badge(RoomFixture.Porter).Events.OfType<BadgeRefused>()).RuleId);
        _room.Badge(RoomFixture.Olena);
        Assert.Equal((RefusalReason.NotPermitted, RuleIds.Escort), Refusal(_room.Badge(RoomFixture.Whale)));
        Assert.Null(Assert.Single(_room.Badge("DEADBEEF").Events.OfType<BadgeRefused>()).RuleId);
    }

    private static (RefusalReason, string?) Refusal(RoomDecision decision)
    {
        var refused = Assert.Single(decision.Events.OfType<BadgeRefused>());
        return (refused.Reason, refused.RuleId);
    }

    [Fact]
    public void Each_rule_on_its_own()
    {
        var snapshot = _room.Snapshot;
        var fox = snapshot.Pupils[0];
        var olena = snapshot.Staff[0];
        var now = _room.Time.GetUtcNow();
        Assert.Equal(RefusalReason.EscortRequired, new EscortAdmissionRule().Refuse(new Admission(fox, [], null, SessionKind.Individual, snapshot, now)));
        Assert.Null(new EscortAdmissionRule().Refuse(new Admission(fox, [olena], null, SessionKind.Individual, snapshot, now)));
        Assert.Null(new CapacityRule().Refuse(new Admission(fox, [olena], null, SessionKind.Individual, snapshot with { Capacity = 1 }, now)));
        Assert.Null(new GroupSizeRule().Refuse(new Admission(fox, [olena], null, SessionKind.Individual, snapshot, now)));
        Assert.Equal(
            [RuleIds.Escort, RuleIds.Capacity, RuleIds.Group, RuleIds.Schedule, RuleIds.Week],
            AdmissionRules.Standard.Select(r => r.RuleId));
    }

    [Fact]
    public void Rules_plug_in_one_more_rule_refuses_with_its_own_id()
    {
        var room = new RoomStateMachine(_room.Time) { AdmissionRules = [.. AdmissionRules.Standard, new NoOwlRule()] };
        room.BadgeRead(RoomFixture.Reader, RoomFixture.Olena, _room.Snapshot);
        var refused = Assert.Single(room.BadgeRead(RoomFixture.Reader, RoomFixture.Owl, _room.Snapshot).Events.OfType<BadgeRefused>());
        Assert.Equal("R-TEST", refused.RuleId);
    }

    private sealed class NoOwlRule : IAdmissionRule
    {
        public string RuleId => "R-TEST";

        public RefusalReason? Refuse(Admission admission) => admission.Pupil.DisplayName == "Owl" ? RefusalReason.NotPermitted : null;
    }
}
