using Inclusion.Iot.Edge.Domain.Configuration;
using Inclusion.Iot.Edge.Domain.Events;
using Inclusion.Iot.Edge.Domain.Health;
using Inclusion.Iot.Edge.Domain.Occupancy;
using Inclusion.Iot.Edge.Domain.Room;
using Microsoft.Extensions.Time.Testing;

namespace Inclusion.Iot.Edge.Domain.Tests;

public sealed class RoomStateMachineTests
{
    private readonly RoomFixture _room = new();

    [Fact]
    public void Escort_badge_in_an_idle_room_makes_the_escort_present()
    {
        var decision = _room.Badge(RoomFixture.Olena);

        Assert.Equal(RoomMode.EscortPresent, decision.State.Mode);
        Assert.Equal("staff-olena", Assert.Single(decision.State.Escorts).StaffId);
        var accepted = Assert.IsType<BadgeAccepted>(Assert.Single(decision.Events));
        Assert.Equal(BadgeHolderKind.Staff, accepted.HolderKind);
        Assert.Equal("staff-olena", accepted.HolderId);
        Assert.Contains(decision.Effects, e => e is PublishRoomState);
    }

    [Fact]
    public void R_ESCORT_pupil_within_the_window_starts_an_individual_session_with_the_pupils_scene()
    {
        _room.Badge(RoomFixture.Olena);
        _room.Advance(TimeSpan.FromSeconds(4.9));
        var decision = _room.Badge(RoomFixture.Bee);

        Assert.Equal(RoomMode.Session, decision.State.Mode);
        var started = Assert.Single(decision.Events.OfType<SessionStarted>());
        Assert.Equal(["p-c81f05"], started.PupilIds);
        Assert.Equal(["staff-olena"], started.EscortStaffIds);
        Assert.Equal(20, started.PlannedMinutes);
        Assert.Equal(30, started.BrightnessPercent);
        Assert.Equal(2400, started.ColourTemperatureKelvin);
        Assert.Equal(["pe-p-c81f05"], started.ProgrammeEntryIds);
        Assert.IsType<BadgeAccepted>(decision.Events[0]);
        Assert.Equal(TimerPhase.Running, Assert.Single(decision.Events.OfType<TimerPhaseChanged>()).Phase);

        var lights = Assert.Single(decision.Effects.OfType<SetLights>());
        Assert.Equal(new LightScene(true, 30, 2400, 8), lights.Scene);
        var timer = Assert.Single(decision.Effects.OfType<ShowTimer>()).Display;
        Assert.True(timer.Countdown);
        Assert.Equal(1200, timer.TotalSeconds);
        Assert.Equal(1200, timer.RemainingSeconds);
        Assert.Equal("colours", timer.Style);
        Assert.True(timer.Chime);
        Assert.Equal(["Bee"], decision.State.Session!.PupilDisplayNames);
    }

    [Fact]
    public void A_decision_that_could_not_be_recorded_is_reverted_and_the_same_badge_works_again()
    {
        _room.Badge(RoomFixture.Olena);
        var before = _room.Room.State;
        var unrecorded = _room.Badge(RoomFixture.Fox);
        Assert.Equal(RoomMode.Session, unrecorded.State.Mode);

        _room.Room.Revert(before);

        Assert.Equal(RoomMode.EscortPresent, _room.Room.State.Mode);
        Assert.Null(_room.Room.State.Session);
        var retried = _room.Badge(RoomFixture.Fox);
        Assert.Equal(RoomMode.Session, retried.State.Mode);
        Assert.Single(retried.Events.OfType<SessionStarted>());
    }

    [Fact]
    public void R_ESCORT_pupil_after_the_escort_window_waits_and_is_refused_with_escort_required_when_no_escort_comes()
    {
        _room.Badge(RoomFixture.Olena);
        _room.Advance(TimeSpan.FromSeconds(5));
        var decision = _room.Badge(RoomFixture.Fox);
        Assert.Equal("p-3f9a1c", Assert.IsType<PupilWaiting>(Assert.Single(decision.Events)).PupilId);
        Assert.Equal(RoomMode.Idle, decision.State.Mode);

        _room.Advance(TimeSpan.FromSeconds(5));
        var refused = Assert.Single(_room.Room.Tick(_room.Snapshot).Events.OfType<BadgeRefused>());
        Assert.Equal((RefusalReason.EscortRequired, "p-3f9a1c", "R-ESCORT"), (refused.Reason, refused.HolderId, refused.RuleId));
        Assert.Null(_room.Room.State.WaitingPupil);
        Assert.Equal(RefusalReason.EscortRequired, _room.Room.State.LastRefusal!.Reason);
    }

    [Fact]
    public void Escort_window_expiry_on_tick_returns_the_room_to_idle()
    {
        _room.Badge(RoomFixture.Olena);
        _room.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(RoomMode.EscortPresent, _room.Room.Tick(_room.Snapshot).State.Mode);
        _room.Advance(TimeSpan.FromSeconds(1));
        var decision = _room.Room.Tick(_room.Snapshot);

        Assert.Equal(RoomMode.Idle, decision.State.Mode);
        Assert.Empty(decision.State.Escorts);
        Assert.Empty(decision.Events);
        Assert.Contains(decision.Effects, e => e is PublishRoomState);
    }

    [Fact]
    public void Escort_window_follows_the_room_policy()
    {
        var snapshot = _room.Snapshot with { Rules = new RoomRules { EscortWindowSeconds = 30 } };
        _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Olena, snapshot);
        _room.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(RoomMode.Session, _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Fox, snapshot).State.Mode);
    }

    [Fact]
    public void R_ESCORT_pupil_with_no_escort_waits_at_the_door_and_nothing_opens()
    {
        var decision = _room.Badge(RoomFixture.Fox);
        Assert.IsType<PupilWaiting>(Assert.Single(decision.Events));
        Assert.Equal("Fox", decision.State.WaitingPupil!.DisplayName);
        Assert.Null(decision.State.Session);
        Assert.DoesNotContain(decision.Effects, e => e is ReleaseLocks or SetLights);
    }

    [Fact]
    public void Unknown_badge_is_refused_without_any_holder()
    {
        var decision = _room.Badge("DEADBEEF");
        AssertRefused(decision, RefusalReason.UnknownBadge, null);
        Assert.Equal(RefusalReason.UnknownBadge, decision.State.LastRefusal!.Reason);
    }

    [Fact]
    public void Without_a_configuration_snapshot_every_badge_is_refused_with_no_configuration()
    {
        var decision = _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Olena, null);
        AssertRefused(decision, RefusalReason.NoConfiguration, null);
        Assert.Equal(RoomMode.Idle, decision.State.Mode);
    }

    [Fact]
    public void Staff_without_escort_permission_is_refused_as_not_permitted()
    {
        var decision = _room.Badge(RoomFixture.Porter);
        AssertRefused(decision, RefusalReason.NotPermitted, "staff-porter");
        Assert.Equal(RoomMode.Idle, decision.State.Mode);
    }

    [Fact]
    public void R_ESCORT_pupil_assistant_escorts_the_assigned_pupil()
    {
        _room.Badge(RoomFixture.Ivan);
        Assert.Equal(RoomMode.Session, _room.Badge(RoomFixture.Owl).State.Mode);
    }

    [Fact]
    public void R_ESCORT_pupil_assistant_may_not_escort_a_pupil_not_assigned_to_them()
    {
        _room.Badge(RoomFixture.Ivan);
        var decision = _room.Badge(RoomFixture.Fox);
        AssertRefused(decision, RefusalReason.NotPermitted, "p-3f9a1c");
        Assert.Equal(RoomMode.EscortPresent, decision.State.Mode);
    }

    [Fact]
    public void R_ESCORT_pupil_requiring_a_personal_tutor_is_refused_with_a_specialist_escort()
    {
        _room.Badge(RoomFixture.Olena);
        AssertRefused(_room.Badge(RoomFixture.Whale), RefusalReason.NotPermitted, "p-e4a7b9");
    }

    [Fact]
    public void R_ESCORT_pupil_requiring_a_personal_tutor_is_admitted_with_their_assigned_tutor()
    {
        var snapshot = _room.Snapshot with
        {
            Staff = [.. _room.Snapshot.Staff.Select(s => s.StaffId == "staff-ivan" ? s with { AssignedPupilIds = ["p-7b2e4d", "p-e4a7b9"] } : s)],
        };
        _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Ivan, snapshot);
        Assert.Equal(RoomMode.Session, _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Whale, snapshot).State.Mode);
    }

    [Fact]
    public void Another_pupil_after_the_arrival_of_an_individual_session_is_refused_as_room_busy_and_the_session_continues()
    {
        _room.StartSession();
        _room.Advance(_room.Snapshot.Rules.Scenes.Arrival);
        _room.Badge(RoomFixture.Ivan);
        var decision = _room.Badge(RoomFixture.Owl);
        AssertRefused(decision, RefusalReason.RoomBusy, "p-7b2e4d");
        Assert.Equal(RoomMode.Session, decision.State.Mode);
    }

    [Fact]
    public void The_pupil_badging_out_of_an_individual_session_ends_it_as_all_pupils_left()
    {
        _room.StartSession();
        _room.Advance(TimeSpan.FromSeconds(90));
        var decision = _room.Badge(RoomFixture.Fox);

        Assert.Equal(RoomMode.Idle, decision.State.Mode);
        Assert.Collection(
            decision.Events,
            e => Assert.IsType<BadgeAccepted>(e),
            e => Assert.Equal("p-3f9a1c", Assert.IsType<PupilLeft>(e).PupilId),
            e => Assert.Equal(SessionEndReason.AllPupilsLeft, Assert.IsType<SessionEnded>(e).Reason));
    }

    [Fact]
    public void Escort_tap_out_ends_the_session_and_returns_the_idle_scene()
    {
        _room.StartSession();
        _room.Advance(TimeSpan.FromSeconds(8));
        var decision = _room.Badge(RoomFixture.Olena);

        Assert.Equal(RoomMode.Idle, decision.State.Mode);
        Assert.Null(decision.State.Session);
        Assert.Empty(decision.State.Escorts);
        Assert.IsType<BadgeAccepted>(decision.Events[0]);
        var ended = Assert.IsType<SessionEnded>(decision.Events[1]);
        Assert.Equal(SessionEndReason.EscortBadgedOut, ended.Reason);
        Assert.Equal("staff-olena", ended.EndedByStaffId);
        Assert.Equal(8, ended.ActualSeconds);
        Assert.Equal(_room.Snapshot.Rules.Scenes.Idle, Assert.Single(decision.Effects.OfType<SetLights>()).Scene);
        Assert.Equal(TimerDisplay.Off, Assert.Single(decision.Effects.OfType<ShowTimer>()).Display);
    }

    [Fact]
    public void Another_escort_badging_during_a_session_is_recorded_but_does_not_end_it()
    {
        _room.StartSession(RoomFixture.Ivan, RoomFixture.Owl);
        var decision = _room.Badge(RoomFixture.Olena);

        Assert.Equal(RoomMode.Session, decision.State.Mode);
        Assert.Collection(decision.Events, e => Assert.IsType<BadgeAccepted>(e), e => Assert.Equal("staff-olena", Assert.IsType<EscortJoined>(e).StaffId));
        Assert.Equal(["staff-ivan", "staff-olena"], decision.State.Session!.EscortStaffIds);
        Assert.Empty(decision.Effects.OfType<SetLights>());
    }

    [Fact]
    public void Staff_without_escort_permission_cannot_tap_out_a_session()
    {
        _room.StartSession();
        var decision = _room.Badge(RoomFixture.Porter);
        AssertRefused(decision, RefusalReason.NotPermitted, "staff-porter");
        Assert.Equal(RoomMode.Session, decision.State.Mode);
    }

    [Fact]
    public void Panel_end_closes_the_session_with_the_panel_reason()
    {
        _room.StartSession();
        _room.Advance(TimeSpan.FromMinutes(3));
        var decision = _room.Room.EndOnPanel(_room.Snapshot);

        var ended = Assert.IsType<SessionEnded>(Assert.Single(decision.Events));
        Assert.Equal(SessionEndReason.EndedOnPanel, ended.Reason);
        Assert.Null(ended.EndedByStaffId);
        Assert.Equal(180, ended.ActualSeconds);
        Assert.Equal(RoomMode.Idle, decision.State.Mode);
        Assert.Contains(decision.Effects, e => e is SetLights { Scene: var scene } && scene == _room.Snapshot.Rules.Scenes.Idle);
    }

    [Fact]
    public void Panel_end_in_an_idle_room_does_nothing()
    {
        var decision = _room.Room.EndOnPanel();
        Assert.True(decision.IsEmpty);
    }

    [Theory]
    [InlineData(14 * 60 + 59, TimerPhase.Running)]
    [InlineData(15 * 60, TimerPhase.FiveMinuteWarning)]
    [InlineData(19 * 60, TimerPhase.OneMinuteWarning)]
    [InlineData(20 * 60, TimerPhase.Ended)]
    [InlineData(20 * 60 + 1, TimerPhase.Overrun)]
    public void Timer_phase_follows_the_time_left(int elapsedSeconds, TimerPhase expected)
    {
        var session = _room.StartSession().State.Session!;
        Assert.Equal(expected, RoomStateMachine.PhaseAt(session, session.StartedAt.AddSeconds(elapsedSeconds)));
    }

    [Theory]
    [InlineData(RoomFixture.Bee, new[] { false, false, true })]
    [InlineData(RoomFixture.Fox, new bool[0])]
    public void The_buzzer_chimes_softly_at_the_warnings_and_the_end_only_for_a_pupil_whose_profile_asks(string pupil, bool[] ends)
    {
        var start = _room.StartSession(pupil: pupil).State.Session!.StartedAt;
        var chimes = new List<bool>();
        for (var second = 1; second <= 21 * 60; second++)
        {
            _room.Time.SetUtcNow(start.AddSeconds(second));
            chimes.AddRange(_room.Room.Tick(_room.Snapshot).Effects.OfType<SoundChime>().Select(c => c.End));
        }

        Assert.Equal(ends, chimes);
        Assert.DoesNotContain(_room.Room.Reassert(), e => e is SoundChime);
    }

    [Fact]
    public void Ticks_announce_each_phase_once_at_five_minutes_one_minute_zero_and_overrun()
    {
        var start = _room.StartSession().State.Session!.StartedAt;
        var phases = new List<TimerPhase>();
        var displays = new List<TimerDisplay>();
        for (var second = 1; second <= 21 * 60; second++)
        {
            _room.Time.SetUtcNow(start.AddSeconds(second));
            var decision = _room.Room.Tick(_room.Snapshot);
            phases.AddRange(decision.Events.OfType<TimerPhaseChanged>().Select(e => e.Phase));
            displays.AddRange(decision.Effects.OfType<ShowTimer>().Select(e => e.Display));
        }

        Assert.Equal([TimerPhase.FiveMinuteWarning, TimerPhase.OneMinuteWarning, TimerPhase.Ended, TimerPhase.Overrun], phases);
        Assert.Equal([300, 60, 0, -1], displays.Select(d => d.RemainingSeconds!.Value));
        Assert.All(displays, d => Assert.True(d.Countdown));
    }

    [Fact]
    public void A_session_left_running_is_closed_at_the_overrun_limit()
    {
        var start = _room.StartSession().State.Session!.StartedAt;
        _room.Time.SetUtcNow(start.AddMinutes(29).AddSeconds(59));
        Assert.Equal(RoomMode.Session, _room.Room.Tick(_room.Snapshot).State.Mode);

        _room.Time.SetUtcNow(start.AddMinutes(30));
        var decision = _room.Room.Tick(_room.Snapshot);
        var ended = Assert.IsType<SessionEnded>(Assert.Single(decision.Events));
        Assert.Equal(SessionEndReason.OverrunLimit, ended.Reason);
        Assert.Equal(30 * 60, ended.ActualSeconds);
        Assert.Equal(RoomMode.Idle, decision.State.Mode);
        Assert.Contains(decision.Effects, e => e is ShowTimer { Display.Countdown: false });
    }

    [Fact]
    public void Overrun_limit_follows_the_room_policy()
    {
        var snapshot = _room.Snapshot with { Rules = new RoomRules { OverrunLimitMinutes = 2 } };
        var start = _room.StartSession().State.Session!.StartedAt;
        _room.Time.SetUtcNow(start.AddMinutes(22));
        Assert.IsType<SessionEnded>(Assert.Single(_room.Room.Tick(snapshot).Events));
    }

    [Fact]
    public void The_overrun_limit_is_enforced_even_without_a_configuration()
    {
        var start = _room.StartSession().State.Session!.StartedAt;
        _room.Time.SetUtcNow(start.AddMinutes(31));
        Assert.Equal(SessionEndReason.OverrunLimit, Assert.IsType<SessionEnded>(Assert.Single(_room.Room.Tick(null).Events)).Reason);
    }

    [Fact]
    public void A_restored_session_continues_from_wall_clock_time_and_reasserts_its_scene()
    {
        var state = _room.StartSession(pupil: RoomFixture.Bee).State;
        var time = new FakeTimeProvider(_room.Time.GetUtcNow().AddMinutes(16));
        var restored = new RoomStateMachine(time, state);

        var effects = restored.Reassert();
        Assert.Equal(new LightScene(true, 30, 2400, 8), Assert.Single(effects.OfType<SetLights>()).Scene);
        Assert.Equal(240, Assert.Single(effects.OfType<ShowTimer>()).Display.RemainingSeconds);
        var tick = restored.Tick(_room.Snapshot);
        Assert.Equal(TimerPhase.FiveMinuteWarning, Assert.Single(tick.Events.OfType<TimerPhaseChanged>()).Phase);
    }

    [Fact]
    public void An_idle_room_reasserts_the_idle_scene_and_timer_off()
    {
        var effects = _room.Room.Reassert(_room.Snapshot);
        Assert.Equal(_room.Snapshot.Rules.Scenes.Idle, Assert.Single(effects.OfType<SetLights>()).Scene);
        Assert.Equal(TimerDisplay.Off, Assert.Single(effects.OfType<ShowTimer>()).Display);
    }

    [Fact]
    public void Fused_occupancy_is_recorded_as_intervals_and_a_repeated_report_changes_nothing()
    {
        var first = _room.Room.SensorReported("presence", SensorKind.Presence, true, new ReportedVitals(80, 100), _room.Snapshot);
        var repeat = _room.Room.SensorReported("presence", SensorKind.Presence, true, null, _room.Snapshot);
        var cleared = _room.Room.SensorReported("presence", SensorKind.Presence, false, null, _room.Snapshot);

        Assert.Equal(["presence"], Assert.IsType<OccupancyIntervalStarted>(Assert.Single(first.Events)).Sensors);
        Assert.True(first.State.Occupied);
        Assert.Empty(repeat.Events);
        Assert.Empty(cleared.Events);
        Assert.True(cleared.State.Occupied);

        // The mmWave debounce is policy; after it the interval ends on the tick.
        _room.Advance(_room.Snapshot.Rules.Occupancy.PresenceClearDebounce);
        var tick = _room.Room.Tick(_room.Snapshot);
        var ended = Assert.IsType<OccupancyIntervalEnded>(Assert.Single(tick.Events));
        Assert.Equal(_room.Snapshot.Rules.Occupancy.PresenceClearDebounce, ended.OccurredAt - ended.StartedAt);
        Assert.False(tick.State.Occupied);
        Assert.Contains(new PublishRoomState(), tick.Effects);
    }

    [Fact]
    public void Quiet_ticks_in_an_occupied_room_change_nothing_so_nothing_is_rewritten_to_the_store()
    {
        _room.Room.SensorReported("presence", SensorKind.Motion, true, new ReportedVitals(80, 100), _room.Snapshot);
        _room.StartSession();
        // Past the arrival scene and the escort window, the session only counts down.
        _room.Advance(_room.Snapshot.Rules.Scenes.Arrival);
        _room.Room.Tick(_room.Snapshot);
        for (var second = 0; second < 30; second++)
        {
            _room.Advance(TimeSpan.FromSeconds(1));
            var tick = _room.Room.Tick(_room.Snapshot);
            Assert.False(tick.StateChanged, $"tick {second}");
            Assert.Empty(tick.Events);
        }

        Assert.True(_room.Room.State.Occupied);
    }

    [Fact]
    public void A_chatty_presence_sensor_repeating_itself_changes_nothing_until_its_last_seen_is_due()
    {
        // In a session (an escort present), so R-ESCORT's unescorted alarm has nothing to say.
        _room.StartSession();
        _room.Advance(_room.Snapshot.Rules.Safety.Unlock);
        _room.Room.Tick(_room.Snapshot);
        _room.Room.SensorReported("presence", SensorKind.Presence, true, new ReportedVitals(80, 100), _room.Snapshot);
        for (var report = 0; report < 20; report++)
        {
            _room.Advance(TimeSpan.FromSeconds(2));
            var repeated = _room.Room.SensorReported("presence", SensorKind.Presence, true, new ReportedVitals(80, 90 + report), _room.Snapshot);
            Assert.False(repeated.StateChanged, $"report {report}");
            Assert.Empty(repeated.Events);
        }

        _room.Advance(_room.Snapshot.Rules.Health.LastSeenResolution);
        Assert.True(_room.Room.SensorReported("presence", SensorKind.Presence, true, new ReportedVitals(80, 77), _room.Snapshot).StateChanged);
        Assert.Equal(77, _room.Room.State.Health.Devices["presence"].LinkQuality);
    }

    [Fact]
    public void A_door_closed_on_someone_holds_the_room_occupied_until_it_opens()
    {
        _room.Room.SensorReported("door", SensorKind.Door, false, null, _room.Snapshot);
        _room.Room.SensorReported("presence", SensorKind.Motion, true, null, _room.Snapshot);
        _room.Room.SensorReported("presence", SensorKind.Motion, false, null, _room.Snapshot);
        _room.Advance(TimeSpan.FromMinutes(30));
        Assert.True(_room.Room.Tick(_room.Snapshot).State.Occupied);

        var opened = _room.Room.SensorReported("door", SensorKind.Door, true, null, _room.Snapshot);
        Assert.IsType<DoorChanged>(opened.Events[0]);
        Assert.Contains(opened.Events, e => e is OccupancyIntervalEnded);
        Assert.False(opened.State.Occupied);
    }

    [Fact]
    public void A_battery_sensor_that_goes_silent_becomes_stale_once_and_shows_as_a_problem()
    {
        _room.Room.SensorReported("presence", SensorKind.Motion, false, new ReportedVitals(60, 90), _room.Snapshot);
        _room.Advance(_room.Snapshot.Rules.Health.StaleAfter(DeviceRole.Occupancy)!.Value);
        var stale = _room.Room.Tick(_room.Snapshot);
        var change = Assert.IsType<DeviceHealthChanged>(Assert.Single(stale.Events));
        Assert.Equal((DeviceStatus.Stale, 60), (change.Status, change.BatteryPercent));
        Assert.Equal(["presence"], _room.Room.DevicesWithProblems);
        _room.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(_room.Room.Tick(_room.Snapshot).Events);
    }

    [Fact]
    public void Device_availability_changes_are_health_events_and_a_returning_device_gets_the_scene_again()
    {
        var offline = _room.Room.AvailabilityReported("ceiling-light", false, "zigbee2mqtt availability: offline");
        var online = _room.Room.AvailabilityReported("ceiling-light", true);
        var again = _room.Room.AvailabilityReported("ceiling-light", true);

        var down = Assert.IsType<DeviceHealthChanged>(Assert.Single(offline.Events));
        Assert.Equal((DeviceStatus.Offline, "zigbee2mqtt availability: offline"), (down.Status, down.Reason));
        Assert.Equal(DeviceStatus.Ok, Assert.IsType<DeviceHealthChanged>(Assert.Single(online.Events)).Status);
        Assert.Equal("ceiling-light", Assert.Single(online.Effects.OfType<SetLights>()).Device);
        Assert.Equal("ceiling-light", Assert.Single(online.Effects.OfType<ShowTimer>()).Device);
        Assert.True(again.IsEmpty);
    }

    [Fact]
    public void Rejected_device_input_is_recorded_and_changes_nothing()
    {
        var before = _room.Room.State;
        var decision = _room.Room.InputRejected("entry-reader", "tele/sensory1-reader/SENSOR", "not JSON");

        var rejected = Assert.IsType<DeviceInputRejected>(Assert.Single(decision.Events));
        Assert.Equal("not JSON", rejected.Reason);
        Assert.Empty(decision.Effects);
        Assert.Same(before, decision.State);
    }

    [Fact]
    public void A_door_change_is_recorded_once_and_a_repeated_report_changes_nothing()
    {
        var opened = _room.Room.SensorReported("door", SensorKind.Door, true, null, _room.Snapshot);
        Assert.True(opened.State.DoorOpen);
        var changed = Assert.IsType<DoorChanged>(Assert.Single(opened.Events));
        Assert.Equal(("door", true), (changed.Device, changed.Open));

        var again = _room.Room.SensorReported("door", SensorKind.Door, true, null, _room.Snapshot);
        Assert.Empty(again.Events);
        Assert.Empty(again.Effects);
    }

    [Fact]
    public void A_fire_alarm_releases_every_lock_at_once_and_keeps_releasing_while_active()
    {
        _room.Badge(RoomFixture.Olena);
        var alarm = _room.Room.FireAlarmReported("fire-alarm", true);
        Assert.True(alarm.State.FireAlarm);
        Assert.IsType<ReleaseLocks>(alarm.Effects[0]);
        Assert.Equal(("fire-alarm", true), Assert.IsType<FireAlarmChanged>(Assert.Single(alarm.Events)) is var e ? (e.Device, e.Active) : default);

        var repeated = _room.Room.FireAlarmReported("fire-alarm", true);
        Assert.Empty(repeated.Events);
        Assert.Equal([new ReleaseLocks()], repeated.Effects);

        var quiet = _room.Room.FireAlarmReported("fire-alarm", false);
        Assert.False(quiet.State.FireAlarm);
        Assert.DoesNotContain(quiet.Effects, effect => effect is ReleaseLocks);
    }

    [Fact]
    public void Accepted_badges_clear_the_last_refusal()
    {
        _room.Badge("DEADBEEF");
        Assert.Null(_room.Badge(RoomFixture.Olena).State.LastRefusal);
    }

    [Fact]
    public void A_second_escort_joins_the_first_restarts_the_window_and_both_escort_the_session()
    {
        _room.Badge(RoomFixture.Olena);
        _room.Advance(TimeSpan.FromSeconds(4));
        _room.Badge(RoomFixture.Ivan);
        _room.Advance(TimeSpan.FromSeconds(4));
        var decision = _room.Badge(RoomFixture.Owl);
        Assert.Equal(["staff-olena", "staff-ivan"], decision.State.Session!.EscortStaffIds);
    }

    [Fact]
    public void Session_scene_never_fades_faster_than_the_policys_floor()
    {
        var snapshot = _room.Snapshot with
        {
            Pupils = [.. _room.Snapshot.Pupils.Select(p => p with { Profile = p.Profile with { MinFadeSeconds = 0 } })],
            Rules = _room.Snapshot.Rules with { Scenes = _room.Snapshot.Rules.Scenes with { MinFadeSeconds = 2 } },
        };
        _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Olena, snapshot);
        var decision = _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Fox, snapshot);
        Assert.Equal(2, Assert.Single(decision.Effects.OfType<SetLights>()).Scene.FadeSeconds);
    }

    private static void AssertRefused(RoomDecision decision, RefusalReason reason, string? holderId)
    {
        var refused = Assert.IsType<BadgeRefused>(Assert.Single(decision.Events));
        Assert.Equal(reason, refused.Reason);
        Assert.Equal(holderId, refused.HolderId);
        Assert.Equal(RoomFixture.Reader, refused.Reader);
        Assert.Equal(reason, decision.State.LastRefusal!.Reason);
        Assert.Empty(decision.Effects.OfType<SetLights>());
    }
}
