using Inclusion.Iot.Edge.Domain.Configuration;
using Inclusion.Iot.Edge.Domain.Events;
using Inclusion.Iot.Edge.Domain.Occupancy;
using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Domain.Tests.Rules;

/// <summary>R-ESCORT either order at the window's edges, the unescorted-presence alarm, and the fail-safe lock.</summary>
public sealed class SafetyTests
{
    private readonly RoomFixture _room = new();

    private RoomSnapshot Snapshot => _room.Snapshot with
    {
        Rules = _room.Snapshot.Rules with { Safety = new SafetyPolicy { UnescortedGraceSeconds = 15, UnlockSeconds = 3 } },
    };

    private RoomDecision Badge(string uid) => _room.Room.BadgeRead(RoomFixture.Reader, uid, Snapshot);

    private RoomDecision Tick() => _room.Room.Tick(Snapshot);

    private void Occupied(bool on) => _room.Room.SensorReported("radar", SensorKind.Motion, on, null, Snapshot);

    [Theory]
    [InlineData(4.999, true)]
    [InlineData(5.0, false)]
    public void R_ESCORT_pupil_first_then_escort_within_the_window_comes_in(double seconds, bool admitted)
    {
        Badge(RoomFixture.Fox);
        _room.Advance(TimeSpan.FromSeconds(seconds));
        var escort = Badge(RoomFixture.Olena);
        Assert.Equal(admitted, escort.State.Session is not null);
        if (admitted)
        {
            Assert.Collection(
                escort.Events,
                e => Assert.Equal(BadgeHolderKind.Staff, Assert.IsType<BadgeAccepted>(e).HolderKind),
                e => Assert.Equal(BadgeHolderKind.Pupil, Assert.IsType<BadgeAccepted>(e).HolderKind),
                e => Assert.IsType<SessionStarted>(e),
                e => Assert.IsType<TimerPhaseChanged>(e));
        }
    }

    [Theory]
    [InlineData(4.999, true)]
    [InlineData(5.0, false)]
    public void R_ESCORT_escort_first_then_pupil_within_the_window_comes_in(double seconds, bool admitted)
    {
        Badge(RoomFixture.Olena);
        _room.Advance(TimeSpan.FromSeconds(seconds));
        Assert.Equal(admitted, Badge(RoomFixture.Fox).State.Session is not null);
    }

    [Fact]
    public void Occupied_with_no_escort_for_the_grace_raises_the_alert_once_and_an_escort_clears_it_with_the_time_to_clear()
    {
        Occupied(true);
        var ticks = new List<RoomDecision>();
        for (var i = 0; i < 20; i++)
        {
            _room.Advance(TimeSpan.FromSeconds(1));
            ticks.Add(Tick());
        }

        var raised = Assert.Single(ticks.SelectMany(t => t.Events.OfType<AlertRaised>()));
        Assert.Equal(AlertKind.UnescortedPresence, raised.Kind);
        Assert.Equal(15, (raised.OccurredAt - raised.Since).TotalSeconds);
        var published = Assert.Single(ticks.SelectMany(t => t.Effects.OfType<PublishAlert>()));
        Assert.True(published.Active);

        _room.Advance(TimeSpan.FromSeconds(7));
        var escort = Badge(RoomFixture.Olena);
        var cleared = Assert.Single(escort.Events.OfType<AlertCleared>());
        Assert.Equal((AlertKind.UnescortedPresence, 12, "staff-olena"), (cleared.Kind, cleared.SecondsToClear, cleared.StaffId));
        Assert.Contains(escort.Effects, e => e is PublishAlert { Active: false });
        Assert.Null(escort.State.Alert);
    }

    [Fact]
    public void An_occupancy_shorter_than_the_grace_raises_nothing()
    {
        Occupied(true);
        _room.Advance(TimeSpan.FromSeconds(14));
        Tick();
        Occupied(false);
        _room.Advance(TimeSpan.FromSeconds(30));
        Assert.Empty(Tick().Events.OfType<AlertRaised>());
    }

    [Fact]
    public void The_last_escort_badging_out_of_an_occupied_room_alarms_at_once()
    {
        Badge(RoomFixture.Olena);
        Badge(RoomFixture.Fox);
        Occupied(true);
        _room.Advance(TimeSpan.FromMinutes(3));
        var tapOut = Badge(RoomFixture.Olena);
        Assert.Equal(AlertKind.LastEscortLeft, Assert.Single(tapOut.Events.OfType<AlertRaised>()).Kind);
    }

    [Fact]
    public void A_session_with_its_escort_never_alarms()
    {
        Badge(RoomFixture.Olena);
        Badge(RoomFixture.Fox);
        Occupied(true);
        for (var i = 0; i < 60; i++)
        {
            _room.Advance(TimeSpan.FromSeconds(1));
            Assert.Empty(Tick().Events.OfType<AlertRaised>());
        }
    }

    [Fact]
    public void An_accepted_badge_releases_the_lock_for_the_unlock_time_then_it_holds_again()
    {
        var escort = Badge(RoomFixture.Olena);
        Assert.Contains(escort.Effects, e => e is ReleaseLocks);
        _room.Advance(TimeSpan.FromSeconds(2));
        Assert.DoesNotContain(Tick().Effects, e => e is HoldLocks);
        _room.Advance(TimeSpan.FromSeconds(1));
        Assert.Contains(Tick().Effects, e => e is HoldLocks);
        Assert.DoesNotContain(Tick().Effects, e => e is HoldLocks);
    }

    [Fact]
    public void A_refused_badge_never_releases_the_lock()
    {
        Assert.DoesNotContain(Badge("DEADBEEF").Effects, e => e is ReleaseLocks);
        Assert.DoesNotContain(Badge(RoomFixture.Porter).Effects, e => e is ReleaseLocks);
        Assert.DoesNotContain(Badge(RoomFixture.Fox).Effects, e => e is ReleaseLocks);
    }

    [Fact]
    public void The_fire_alarm_during_a_session_releases_the_lock_and_it_stays_released_until_reset_on_the_panel_once_quiet()
    {
        Badge(RoomFixture.Olena);
        Badge(RoomFixture.Fox);
        var alarm = _room.Room.FireAlarmReported("fire-alarm", true, Snapshot);
        Assert.Contains(alarm.Effects, e => e is ReleaseLocks);
        Assert.True(alarm.State.FireLatched);

        Assert.Equal(RefusalReason.FireAlarmActive, _room.Room.ResetFireAlarmOnPanel().Refused);
        _room.Room.FireAlarmReported("fire-alarm", false, Snapshot);
        for (var i = 0; i < 30; i++)
        {
            _room.Advance(TimeSpan.FromSeconds(1));
            Assert.DoesNotContain(Tick().Effects, e => e is HoldLocks);
        }

        // A badge during the latch does not start the hold-again countdown either.
        Assert.DoesNotContain(Badge(RoomFixture.Ivan).Effects, e => e is HoldLocks);
        Assert.Contains(_room.Room.Reassert(Snapshot), e => e is ReleaseLocks);

        var reset = _room.Room.ResetFireAlarmOnPanel();
        Assert.IsType<FireAlarmReset>(Assert.Single(reset.Events));
        Assert.Contains(reset.Effects, e => e is HoldLocks);
        Assert.Equal(RefusalReason.NothingToReset, _room.Room.ResetFireAlarmOnPanel().Refused);
        Assert.Equal(RoomMode.Session, _room.Room.State.Mode);
    }

    [Fact]
    public void At_start_up_an_idle_room_holds_its_lock()
    {
        Assert.Contains(_room.Room.Reassert(Snapshot), e => e is HoldLocks);
    }
}
