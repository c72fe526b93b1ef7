using Inclusion.Iot.Edge.Domain.Configuration;
using Inclusion.Iot.Edge.Domain.Events;
using Inclusion.Iot.Edge.Domain.Room;
using Inclusion.Iot.Edge.Domain.Rules;

namespace Inclusion.Iot.Edge.Domain.Tests.Rules;

/// <summary>R-OPEN: any pupil of the school may use the room in open use, with a programme or without one (still escorted).</summary>
public sealed class OpenUseTests
{
    private readonly RoomFixture _room = new();

    /// <summary>Bee has no programme in this room (no entry, no slot) and support level 1 (no correctional sessions at all).</summary>
    private RoomSnapshot Snapshot => _room.Snapshot with
    {
        Pupils = [.. _room.Snapshot.Pupils.Select(p => p.PupilId == "p-c81f05" ? p with { ProgrammeEntryId = string.Empty, Schedule = [], SupportLevel = 1 } : p)],
    };

    [Fact]
    public void A_pupil_without_a_programme_badged_in_with_an_escort_starts_open_use()
    {
        _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Olena, Snapshot);

        var bee = _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Bee, Snapshot);

        var started = Assert.Single(bee.Events.OfType<SessionStarted>());
        // The policy's open-use length (45 here), with no programme entry to fulfil.
        Assert.Equal((SessionKind.OpenUse, 45), (started.Kind, started.PlannedMinutes));
        Assert.Empty(started.ProgrammeEntryIds);
        Assert.DoesNotContain(bee.Events, e => e is BadgeRefused or RuleWarned);
    }

    [Fact]
    public void A_pupil_without_a_programme_still_needs_an_escort()
    {
        var bee = _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Bee, Snapshot);
        Assert.Single(bee.Events.OfType<PupilWaiting>());
        _room.Advance(TimeSpan.FromSeconds(6));
        var refused = Assert.Single(_room.Room.Tick(Snapshot).Events.OfType<BadgeRefused>());
        Assert.Equal((RefusalReason.EscortRequired, RuleIds.Escort), (refused.Reason, refused.RuleId));
    }

    [Fact]
    public void Open_use_takes_pupils_with_and_without_a_programme_and_stays_open_use()
    {
        _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Olena, Snapshot);
        _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Bee, Snapshot);
        _room.Advance(TimeSpan.FromMinutes(2));
        // Owl's assistant joins the session and brings Owl in.
        _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Ivan, Snapshot);

        var owl = _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Owl, Snapshot);

        Assert.Single(owl.Events.OfType<PupilJoined>());
        Assert.Equal(SessionKind.OpenUse, owl.State.Session!.Kind);
        Assert.Equal(["p-c81f05", "p-7b2e4d"], owl.State.Session.PupilIds);
    }

    [Fact]
    public void A_pupil_without_a_programme_cannot_turn_an_individual_session_into_a_group()
    {
        _room.StartSession();
        _room.Advance(TimeSpan.FromSeconds(2));

        var bee = _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Bee, Snapshot);

        var refused = Assert.Single(bee.Events.OfType<BadgeRefused>());
        Assert.Equal((RefusalReason.OutsideSchedule, RuleIds.Schedule), (refused.Reason, refused.RuleId));
    }

    [Fact]
    public void An_ended_open_use_session_leaves_nothing_in_the_session_log_so_the_stored_state_does_not_grow_with_visits()
    {
        for (var visit = 0; visit < 3; visit++)
        {
            _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Olena, Snapshot);
            _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Bee, Snapshot);
            Assert.Equal(SessionKind.OpenUse, _room.Room.State.Session!.Kind);
            // While it runs it is in the log (R-WEEK's ledger follows a running session's kind).
            Assert.Single(_room.Room.State.SessionLog);
            _room.Advance(TimeSpan.FromSeconds(6));
            var ended = _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Olena, Snapshot);
            Assert.Single(ended.Events.OfType<SessionEnded>());
            Assert.Empty(ended.State.SessionLog);
            _room.Advance(TimeSpan.FromSeconds(6));
        }
    }

    [Fact]
    public void An_ended_correctional_session_stays_in_the_session_log_for_R_WEEK()
    {
        _room.StartSession();
        _room.Advance(TimeSpan.FromSeconds(6));
        var ended = _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Olena, _room.Snapshot);
        Assert.Single(ended.Events.OfType<SessionEnded>());
        Assert.Single(ended.State.SessionLog, c => c.Kind.IsCorrectional());
    }
}
