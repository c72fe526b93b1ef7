using Inclusion.Iot.Edge.Domain.Configuration;
using Inclusion.Iot.Edge.Domain.Events;
using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Domain.Tests.Sessions;

/// <summary>
/// Session kinds, groups, escorts, the panel's start / extend / end / abort, the timer's policy thresholds and the sensory
/// scenes. The fixture's policy numbers are not the shipped presets, so every length here comes from the policy or a programme.
/// </summary>
public sealed class SessionTests
{
    private readonly RoomFixture _room = new();

    private RoomRules Rules => _room.Snapshot.Rules;

    private void Second() => _room.Advance(TimeSpan.FromSeconds(1));

    private RoomDecision Tick() => _room.Room.Tick(_room.Snapshot);

    /// <summary>Ticks once a second up to <paramref name="by"/>, returning every decision.</summary>
    private List<RoomDecision> TickFor(TimeSpan by)
    {
        var decisions = new List<RoomDecision>();
        for (var passed = TimeSpan.Zero; passed < by; passed += TimeSpan.FromSeconds(1))
        {
            Second();
            decisions.Add(Tick());
        }

        return decisions;
    }

    [Fact]
    public void A_second_pupil_arriving_with_the_first_makes_a_group_with_the_policys_length_and_the_most_conservative_scene()
    {
        _room.StartSession(RoomFixture.Olena, RoomFixture.Fox);
        Second();
        var decision = _room.Badge(RoomFixture.Bee);

        var session = decision.State.Session!;
        Assert.Equal(SessionKind.Group, session.Kind);
        Assert.Equal(Rules.Sessions.GroupMinutes, session.PlannedMinutes);
        Assert.Equal(["p-3f9a1c", "p-c81f05"], session.PupilIds);
        var joined = Assert.Single(decision.Events.OfType<PupilJoined>());
        Assert.Equal(("p-c81f05", "staff-olena", "pe-p-c81f05"), (joined.PupilId, joined.EscortStaffId, joined.ProgrammeEntryId));
        var replanned = Assert.Single(decision.Events.OfType<SessionReplanned>());
        Assert.Equal((SessionKind.Group, 38, 30, 2400), (replanned.Kind, replanned.PlannedMinutes, replanned.BrightnessPercent, replanned.ColourTemperatureKelvin));
        // Bee's dimmer level, warmer white and slower fade win over Fox's.
        Assert.Equal(new LightScene(true, 30, 2400, 8), Assert.Single(decision.Effects.OfType<SetLights>()).Scene);
        var timer = Assert.Single(decision.Effects.OfType<ShowTimer>()).Display;
        Assert.Equal(38 * 60, timer.TotalSeconds);
        // Silence unless every pupil asks for a chime (Fox does not).
        Assert.False(timer.Chime);
    }

    [Fact]
    public void A_group_never_chimes_when_one_pupil_needs_silence()
    {
        _room.StartSession(RoomFixture.Olena, RoomFixture.Bee);
        _room.Badge(RoomFixture.Fox);
        var chimes = TickFor(TimeSpan.FromMinutes(38)).SelectMany(d => d.Effects.OfType<SoundChime>()).ToList();
        Assert.Empty(chimes);
    }

    [Fact]
    public void A_pupil_with_a_chime_alone_hears_both_warnings_and_the_end()
    {
        _room.StartSession(RoomFixture.Olena, RoomFixture.Bee);
        var chimes = TickFor(TimeSpan.FromMinutes(20)).SelectMany(d => d.Effects.OfType<SoundChime>()).ToList();
        Assert.Equal([false, false, true], chimes.Select(c => c.End));
    }

    [Fact]
    public void An_individual_session_arrives_at_no_more_than_the_idle_level_then_takes_the_pupils_own_scene_once()
    {
        var start = _room.StartSession(RoomFixture.Olena, RoomFixture.Fox);
        Assert.Equal(new LightScene(true, 50, 3300, 3), Assert.Single(start.Effects.OfType<SetLights>()).Scene);

        var lights = TickFor(Rules.Scenes.Arrival).SelectMany(d => d.Effects.OfType<SetLights>()).ToList();

        Assert.Equal(new LightScene(true, 70, 3300, 3), Assert.Single(lights).Scene);
        Assert.Equal(SceneStage.Session, _room.Room.State.Session!.Stage);
    }

    [Fact]
    public void From_the_first_warning_of_the_policy_the_lights_move_halfway_back_to_idle()
    {
        var snapshot = _room.Snapshot with { Rules = Rules with { Timer = new TimerPolicy { FirstWarningSeconds = 120, FinalWarningSeconds = 30 } } };
        _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Olena, snapshot);
        Second();
        _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Fox, snapshot);
        _room.Advance(TimeSpan.FromMinutes(18) - TimeSpan.FromSeconds(1));
        var before = _room.Room.Tick(snapshot);
        Assert.Equal(TimerPhase.Running, before.State.Session!.Phase);

        _room.Advance(TimeSpan.FromSeconds(1));
        var warning = _room.Room.Tick(snapshot);

        Assert.Equal(TimerPhase.FiveMinuteWarning, Assert.Single(warning.Events.OfType<TimerPhaseChanged>()).Phase);
        Assert.Equal(new LightScene(true, 60, 3150, 3), Assert.Single(warning.Effects.OfType<SetLights>()).Scene);
        _room.Advance(TimeSpan.FromSeconds(90));
        Assert.Equal(TimerPhase.OneMinuteWarning, _room.Room.Tick(snapshot).State.Session!.Phase);
    }

    [Fact]
    public void The_end_fades_to_the_policys_idle_scene_with_the_sessions_slowest_fade()
    {
        _room.StartSession(RoomFixture.Olena, RoomFixture.Bee);
        _room.Advance(TimeSpan.FromMinutes(2));
        var ended = _room.Room.EndOnPanel(_room.Snapshot);
        Assert.Equal(new LightScene(true, 50, 3000, 8), Assert.Single(ended.Effects.OfType<SetLights>()).Scene);
    }

    [Fact]
    public void A_pupil_leaving_a_group_is_recorded_and_the_others_get_their_own_more_conservative_scene()
    {
        _room.StartSession(RoomFixture.Olena, RoomFixture.Fox);
        _room.Badge(RoomFixture.Bee);
        TickFor(Rules.Scenes.Arrival);
        var left = _room.Badge(RoomFixture.Bee);

        Assert.Equal(SessionKind.Group, left.State.Session!.Kind);
        Assert.Equal(["p-3f9a1c"], left.State.Session.PupilIds);
        Assert.Equal("p-c81f05", Assert.Single(left.Events.OfType<PupilLeft>()).PupilId);
        Assert.Equal(70, Assert.Single(left.Events.OfType<SessionReplanned>()).BrightnessPercent);
        Assert.Equal(new LightScene(true, 70, 3300, 3), Assert.Single(left.Effects.OfType<SetLights>()).Scene);
    }

    [Fact]
    public void The_last_pupil_leaving_a_group_ends_it()
    {
        _room.StartSession(RoomFixture.Olena, RoomFixture.Fox);
        _room.Badge(RoomFixture.Bee);
        _room.Badge(RoomFixture.Bee);
        var last = _room.Badge(RoomFixture.Fox);
        Assert.Equal(SessionEndReason.AllPupilsLeft, Assert.Single(last.Events.OfType<SessionEnded>()).Reason);
        Assert.Equal(RoomMode.Idle, last.State.Mode);
    }

    [Fact]
    public void A_group_started_on_the_panel_takes_pupils_as_they_badge_and_a_later_pupil_with_their_own_assistant()
    {
        _room.Badge(RoomFixture.Olena);
        var start = _room.Room.StartOnPanel(SessionKind.Group, _room.Snapshot);
        var started = Assert.Single(start.Events.OfType<SessionStarted>());
        Assert.Equal((SessionKind.Group, 38), (started.Kind, started.PlannedMinutes));
        Assert.Empty(started.PupilIds);
        Assert.Equal(["staff-olena"], started.EscortStaffIds);

        Second();
        var fox = _room.Badge(RoomFixture.Fox);
        Assert.Equal("p-3f9a1c", Assert.Single(fox.Events.OfType<PupilJoined>()).PupilId);
        Assert.Equal(38, fox.State.Session!.PlannedMinutes);

        _room.Advance(TimeSpan.FromMinutes(3));
        // Owl badges before her assistant: she waits; Ivan's badge brings them both in.
        Assert.IsType<PupilWaiting>(Assert.Single(_room.Badge(RoomFixture.Owl).Events));
        var owl = _room.Badge(RoomFixture.Ivan);
        Assert.Equal("staff-ivan", Assert.Single(owl.Events.OfType<EscortJoined>()).StaffId);
        Assert.Equal("staff-ivan", Assert.Single(owl.Events.OfType<PupilJoined>()).EscortStaffId);
        Assert.Equal(["p-3f9a1c", "p-7b2e4d"], owl.State.Session!.PupilIds);
        Assert.Equal(new LightScene(true, 45, 2700, 5), Assert.Single(owl.Effects.OfType<SetLights>()).Scene);
    }

    [Fact]
    public void The_panel_starts_nothing_without_an_escort_at_the_door_a_configuration_or_a_free_room()
    {
        var noEscort = _room.Room.StartOnPanel(SessionKind.Group, _room.Snapshot);
        Assert.Equal(RefusalReason.EscortRequired, noEscort.Refused);
        Assert.True(noEscort.IsEmpty);

        _room.Badge(RoomFixture.Olena);
        Assert.Equal(RefusalReason.NoConfiguration, _room.Room.StartOnPanel(SessionKind.Group, null).Refused);
        _room.Advance(Rules.EscortWindow);
        Assert.Equal(RefusalReason.EscortRequired, _room.Room.StartOnPanel(SessionKind.Group, _room.Snapshot).Refused);

        _room.StartSession();
        var busy = _room.Room.StartOnPanel(SessionKind.OpenUse, _room.Snapshot);
        Assert.Equal(RefusalReason.RoomBusy, busy.Refused);
        Assert.Empty(busy.Events);
    }

    [Theory]
    [InlineData(SessionKind.Unloading, 12)]
    [InlineData(SessionKind.OpenUse, 45)]
    [InlineData(SessionKind.Group, 38)]
    public void Each_kind_started_on_the_panel_plans_the_policys_length(SessionKind kind, int minutes)
    {
        _room.Badge(RoomFixture.Olena);
        var decision = _room.Room.StartOnPanel(kind, _room.Snapshot);
        Assert.Equal(minutes, Assert.Single(decision.Events.OfType<SessionStarted>()).PlannedMinutes);
        Assert.Equal(minutes * 60, Assert.Single(decision.Effects.OfType<ShowTimer>()).Display.TotalSeconds);
    }

    [Fact]
    public void Open_use_goes_on_when_its_pupils_have_left()
    {
        _room.Badge(RoomFixture.Olena);
        _room.Room.StartOnPanel(SessionKind.OpenUse, _room.Snapshot);
        _room.Badge(RoomFixture.Fox);
        var left = _room.Badge(RoomFixture.Fox);
        Assert.Equal(RoomMode.Session, left.State.Mode);
        Assert.Empty(left.State.Session!.Pupils);
        Assert.Empty(left.Events.OfType<SessionEnded>());
    }

    [Fact]
    public void An_individual_session_chosen_on_the_panel_takes_its_pupils_programme_length_and_no_second_pupil()
    {
        _room.Badge(RoomFixture.Olena);
        Assert.Equal(24, Assert.Single(_room.Room.StartOnPanel(SessionKind.Individual, _room.Snapshot).Events.OfType<SessionStarted>()).PlannedMinutes);
        var fox = _room.Badge(RoomFixture.Fox);
        Assert.Equal(20, fox.State.Session!.PlannedMinutes);
        Assert.Equal(20, Assert.Single(fox.Events.OfType<SessionReplanned>()).PlannedMinutes);
        var busy = _room.Badge(RoomFixture.Bee);
        Assert.Equal(RefusalReason.RoomBusy, Assert.Single(busy.Events.OfType<BadgeRefused>()).Reason);
    }

    [Fact]
    public void A_pupil_whose_programme_sets_no_length_gets_the_policys_individual_length()
    {
        var snapshot = _room.Snapshot with
        {
            Staff = [.. _room.Snapshot.Staff.Select(s => s.StaffId == "staff-ivan" ? s with { AssignedPupilIds = ["p-7b2e4d", "p-e4a7b9"] } : s)],
        };
        _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Ivan, snapshot);
        var decision = _room.Room.BadgeRead(RoomFixture.Reader, RoomFixture.Whale, snapshot);
        Assert.Equal(24, Assert.Single(decision.Events.OfType<SessionStarted>()).PlannedMinutes);
    }

    [Fact]
    public void Extending_in_a_warning_moves_the_end_back_to_running_and_the_lights_back_to_the_session_scene()
    {
        _room.StartSession(RoomFixture.Olena, RoomFixture.Fox);
        _room.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(TimerPhase.FiveMinuteWarning, Tick().State.Session!.Phase);

        var extended = _room.Room.ExtendOnPanel(null, _room.Snapshot);

        var e = Assert.Single(extended.Events.OfType<SessionExtended>());
        Assert.Equal((7, 27), (e.AddedMinutes, e.PlannedMinutes));
        Assert.Equal(TimerPhase.Running, Assert.Single(extended.Events.OfType<TimerPhaseChanged>()).Phase);
        Assert.Equal(new LightScene(true, 70, 3300, 3), Assert.Single(extended.Effects.OfType<SetLights>()).Scene);
        var timer = Assert.Single(extended.Effects.OfType<ShowTimer>()).Display;
        Assert.Equal((27 * 60, 11 * 60), (timer.TotalSeconds, timer.RemainingSeconds));
        Assert.Equal(30, _room.Room.ExtendOnPanel(3, _room.Snapshot).State.Session!.PlannedMinutes);
    }

    [Fact]
    public void Extend_end_and_abort_without_a_session_do_nothing_and_say_so()
    {
        foreach (var decision in new[] { _room.Room.ExtendOnPanel(null, _room.Snapshot), _room.Room.EndOnPanel(_room.Snapshot), _room.Room.AbortOnPanel(_room.Snapshot) })
        {
            Assert.Equal(RefusalReason.NoSession, decision.Refused);
            Assert.True(decision.IsEmpty);
        }
    }

    [Fact]
    public void Abort_ends_the_session_as_aborted()
    {
        _room.StartSession();
        _room.Advance(TimeSpan.FromMinutes(4));
        var aborted = Assert.Single(_room.Room.AbortOnPanel(_room.Snapshot).Events.OfType<SessionEnded>());
        Assert.Equal((SessionEndReason.AbortedOnPanel, 240, 0), (aborted.Reason, aborted.ActualSeconds, aborted.OverrunSeconds));
    }

    [Fact]
    public void The_overrun_is_recorded_with_the_session_end()
    {
        _room.StartSession(RoomFixture.Olena, RoomFixture.Fox);
        var phases = TickFor(TimeSpan.FromMinutes(23)).SelectMany(d => d.Events.OfType<TimerPhaseChanged>()).Select(p => p.Phase).ToList();
        Assert.Equal([TimerPhase.FiveMinuteWarning, TimerPhase.OneMinuteWarning, TimerPhase.Ended, TimerPhase.Overrun], phases);
        var ended = Assert.Single(_room.Room.EndOnPanel(_room.Snapshot).Events.OfType<SessionEnded>());
        Assert.Equal(180, ended.OverrunSeconds);
    }

    [Fact]
    public void With_two_escorts_the_first_to_badge_out_leaves_and_the_last_ends_the_session()
    {
        _room.Badge(RoomFixture.Olena);
        _room.Badge(RoomFixture.Ivan);
        _room.Badge(RoomFixture.Owl);
        _room.Advance(TimeSpan.FromMinutes(1));

        var first = _room.Badge(RoomFixture.Olena);
        Assert.Equal("staff-olena", Assert.Single(first.Events.OfType<EscortLeft>()).StaffId);
        Assert.Equal(["staff-ivan"], first.State.Session!.EscortStaffIds);

        var last = _room.Badge(RoomFixture.Ivan);
        var ended = Assert.Single(last.Events.OfType<SessionEnded>());
        Assert.Equal((SessionEndReason.EscortBadgedOut, "staff-ivan"), (ended.Reason, ended.EndedByStaffId));
    }

    [Fact]
    public void A_clock_jump_moves_the_sessions_times_so_its_remaining_time_and_phase_are_unharmed()
    {
        _room.StartSession(RoomFixture.Olena, RoomFixture.Fox);
        TickFor(TimeSpan.FromMinutes(5));
        var remaining = _room.Room.State.Session!.RemainingSeconds(_room.Time.GetUtcNow());

        var jump = TimeSpan.FromDays(365.25 * 56);
        _room.Advance(jump);
        var jumped = _room.Room.ClockJumped(jump, synchronised: true);

        Assert.Equal(jump, Assert.IsType<ClockJumped>(Assert.Single(jumped.Events)).Delta);
        Assert.Equal(remaining, jumped.State.Session!.RemainingSeconds(_room.Time.GetUtcNow()));
        var tick = Tick();
        Assert.Equal(RoomMode.Session, tick.State.Mode);
        Assert.Empty(tick.Events);
    }

    [Fact]
    public void A_clock_jump_keeps_an_escort_window_open_for_the_time_it_had_left()
    {
        _room.Badge(RoomFixture.Olena);
        _room.Advance(TimeSpan.FromSeconds(2));
        var jump = TimeSpan.FromHours(3);
        _room.Advance(TimeSpan.FromSeconds(1) + jump);
        _room.Room.ClockJumped(jump, synchronised: true);
        Assert.Equal(RoomMode.Session, _room.Badge(RoomFixture.Fox).State.Mode);
    }
}
