using Inclusion.Iot.Edge.Domain.Events;
using Inclusion.Iot.Edge.Domain.Occupancy;

namespace Inclusion.Iot.Edge.Domain.Tests.Occupancy;

public sealed class OccupancyFusionTests
{
    private readonly FusionRoom _room = new();

    private static DateTimeOffset At(double seconds) => FusionRoom.At(seconds);

    private static OccupancyChange Ended(IReadOnlyList<OccupancyChange> changes)
    {
        var change = Assert.Single(changes);
        Assert.False(change.Occupied);
        return change;
    }

    // ---- motion (PIR) ----

    [Fact]
    public void Motion_makes_the_room_occupied_at_once_naming_the_sensor()
    {
        var change = Assert.Single(_room.Motion(3, true));

        Assert.True(change.Occupied);
        Assert.Equal(At(3), change.StartedAt);
        Assert.Equal(["pir"], change.Sensors);
        Assert.True(_room.State.Occupied);
    }

    [Fact]
    public void PIR_clear_is_followed_by_the_policy_hold_counted_from_the_last_motion()
    {
        _room.Motion(0, true);
        Assert.Empty(_room.Motion(10, false));

        Assert.Empty(_room.Tick(44.999));
        var ended = Ended(_room.Tick(45));
        Assert.Equal(At(45), ended.EndedAt);
        Assert.Equal(At(0), ended.StartedAt);
    }

    [Fact]
    public void PIR_clear_later_than_the_hold_ends_occupancy_at_the_clear()
    {
        _room.Motion(0, true);
        Assert.Empty(_room.Tick(100));

        Assert.Equal(At(120), Ended(_room.Motion(120, false)).EndedAt);
    }

    [Fact]
    public void Without_a_policy_hold_the_PIR_clear_ends_occupancy()
    {
        var room = new FusionRoom(FusionRoom.TestPolicy with { MotionHoldSeconds = 0 });
        room.Motion(0, true);

        Assert.Equal(At(60), Ended(room.Motion(60, false)).EndedAt);
    }

    [Fact]
    public void Each_motion_report_is_a_new_motion_and_moves_the_hold_to_the_last_report()
    {
        _room.Motion(0, true);
        Assert.Empty(_room.Motion(30, true));
        Assert.Empty(_room.Motion(60, true));
        Assert.Empty(_room.Motion(61, false));

        Assert.Empty(_room.Tick(104.999));
        Assert.Equal(At(105), Ended(_room.Tick(105)).EndedAt);
        Assert.Single(_room.Changes, c => c.Occupied);
    }

    [Fact]
    public void Repeated_PIR_clear_reports_do_not_move_the_end()
    {
        _room.Motion(0, true);
        _room.Motion(50, false);
        _room.Motion(70, false);
        _room.Motion(90, false);

        // The interval ended at the first clear (after the 45 s hold), seen at the next report.
        Assert.Equal(At(50), Ended(_room.Changes[1..]).EndedAt);
    }

    // ---- presence (mmWave) ----

    [Fact]
    public void Not_present_counts_exactly_when_it_has_lasted_the_debounce()
    {
        _room.Presence(0, true);
        Assert.Empty(_room.Presence(100, false));

        Assert.Empty(_room.Tick(106.999));
        Assert.True(_room.State.Occupied);
        Assert.Equal(At(107), Ended(_room.Tick(107)).EndedAt);
    }

    [Fact]
    public void A_flap_1_ms_shorter_than_the_debounce_changes_nothing()
    {
        _room.Presence(0, true);
        _room.Presence(10, false);
        Assert.Empty(_room.Presence(16.999, true));

        Assert.Empty(_room.Tick(300));
        Assert.Single(_room.Changes);
        Assert.True(_room.State.Occupied);
        Assert.Equal(At(0), _room.State.IntervalStartedAt);
    }

    [Fact]
    public void Repeated_not_present_reports_never_restart_the_debounce()
    {
        _room.Presence(0, true);
        _room.Presence(10, false);
        Assert.Empty(_room.Presence(13, false));
        Assert.Empty(_room.Presence(16, false));

        Assert.Equal(At(17), Ended(_room.Tick(17)).EndedAt);
    }

    [Fact]
    public void Repeated_present_reports_change_nothing()
    {
        _room.Presence(0, true);

        Assert.Empty(_room.Presence(5, true));
        Assert.Empty(_room.Presence(600, true));
        Assert.Equal(At(0), _room.State.IntervalStartedAt);
        Assert.Equal(At(0), _room.State.Sensors["radar"].ActiveAt);
    }

    [Fact]
    public void Not_present_that_was_never_present_does_not_occupy_the_room()
    {
        Assert.Empty(_room.Presence(0, false));
        Assert.Empty(_room.Tick(3));
        Assert.False(_room.State.Occupied);
    }

    [Fact]
    public void An_interval_that_ran_out_unticked_ends_at_its_own_instant_before_the_next_starts()
    {
        _room.Presence(0, true);
        _room.Presence(10, false);

        var changes = _room.Presence(50, true);

        Assert.Equal(2, changes.Count);
        Assert.False(changes[0].Occupied);
        Assert.Equal(At(17), changes[0].EndedAt);
        Assert.True(changes[1].Occupied);
        Assert.Equal(At(50), changes[1].StartedAt);
    }

    // ---- door ("wasp in a box") ----

    [Fact]
    public void Door_closed_while_someone_is_detected_holds_occupancy_until_the_door_opens()
    {
        _room.Door(0, false);
        _room.Motion(5, true);
        _room.Motion(20, false);

        Assert.Empty(_room.Tick(600));
        Assert.True(_room.State.Occupied);
        var ended = Ended(_room.Door(900, true));
        Assert.Equal(At(900), ended.EndedAt);
        Assert.Equal(["pir", "door"], ended.Sensors);
    }

    [Fact]
    public void Door_closing_while_the_room_is_occupied_arms_the_hold()
    {
        _room.Presence(0, true);
        _room.Door(2, true);
        _room.Door(4, false);
        _room.Presence(10, false);

        Assert.Empty(_room.Tick(1000));
        Assert.True(_room.State.Occupied);
    }

    [Fact]
    public void The_door_hold_ends_exactly_at_its_maximum_after_the_sensors_last_saw_someone()
    {
        _room.Door(0, false);
        _room.Motion(0, true);
        _room.Motion(10, false); // the motion hold runs out at 45 s: the door hold counts from there

        var limit = 45 + 30 * 60;
        Assert.Empty(_room.Tick(limit - 0.001));
        var ended = Ended(_room.Tick(limit));
        Assert.Equal(At(limit), ended.EndedAt);
        Assert.Contains("door", ended.Sensors);
    }

    [Fact]
    public void The_door_hold_ends_at_its_maximum_even_when_noticed_much_later()
    {
        _room.Door(0, false);
        _room.Presence(0, true);
        _room.Presence(60, false); // counts at 67 s

        Assert.Equal(At(67 + 30 * 60), Ended(_room.Tick(5 * 3600)).EndedAt);
    }

    [Fact]
    public void Repeated_door_closed_reports_do_not_extend_or_rearm_the_hold()
    {
        _room.Door(0, false);
        _room.Motion(0, true);
        _room.Motion(10, false);

        Assert.Empty(_room.Door(600, false));
        Assert.Empty(_room.Door(1200, false));
        Assert.Equal(At(45 + 1800), Ended(_room.Door(1900, false)).EndedAt);
        Assert.Empty(_room.Door(2000, false));
        Assert.False(_room.State.Occupied);
    }

    [Fact]
    public void After_the_door_opens_occupancy_follows_the_sensors_with_their_hold()
    {
        _room.Door(0, false);
        _room.Motion(0, true);
        _room.Motion(5, false);

        Assert.Empty(_room.Door(10, true));
        Assert.True(_room.State.Occupied);
        Assert.False(_room.State.DoorHoldArmed);
        Assert.Equal(At(45), Ended(_room.Tick(45)).EndedAt);
    }

    [Fact]
    public void After_the_door_opens_a_pending_presence_debounce_still_runs_its_course()
    {
        _room.Door(0, false);
        _room.Presence(0, true);
        _room.Presence(100, false);
        _room.Tick(200); // held by the door
        Assert.True(_room.State.Occupied);

        // The sensors' own detection ended at 107 s, long before the door opened: the room is empty once it opens.
        Assert.Equal(At(300), Ended(_room.Door(300, true)).EndedAt);
    }

    [Fact]
    public void Door_opening_during_the_presence_debounce_leaves_the_debounce_to_decide()
    {
        _room.Door(0, false);
        _room.Presence(0, true);
        _room.Presence(100, false);

        Assert.Empty(_room.Door(103, true));
        Assert.Empty(_room.Tick(106.999));
        Assert.Equal(At(107), Ended(_room.Tick(107)).EndedAt);
    }

    [Fact]
    public void A_door_that_closes_on_an_empty_room_holds_nothing()
    {
        _room.Motion(0, true);
        _room.Motion(5, false);
        _room.Tick(45);
        Assert.Empty(_room.Door(60, false));

        Assert.False(_room.State.DoorHoldArmed);
        Assert.False(_room.State.Occupied);
    }

    [Fact]
    public void Someone_detected_later_inside_the_closed_room_arms_the_hold()
    {
        _room.Door(0, false);
        _room.Motion(100, true);
        _room.Motion(110, false);

        Assert.Empty(_room.Tick(145));
        Assert.True(_room.State.Occupied);
        Assert.Equal(At(200), Ended(_room.Door(200, true)).EndedAt);
    }

    [Fact]
    public void Door_hold_can_be_switched_off_by_policy()
    {
        var room = new FusionRoom(FusionRoom.TestPolicy with { DoorHoldsOccupancy = false });
        room.Door(0, false);
        room.Motion(0, true);
        room.Motion(10, false);

        Assert.Equal(At(45), Ended(room.Tick(45)).EndedAt);
    }

    [Fact]
    public void With_two_doors_the_room_is_a_closed_box_only_when_both_are_closed()
    {
        _room.Door(0, false, "door-a");
        _room.Door(0, true, "door-b");
        _room.Motion(0, true);
        _room.Motion(10, false);

        Assert.Equal(At(45), Ended(_room.Tick(45)).EndedAt);
    }

    // ---- offline ----

    [Fact]
    public void A_sensor_going_offline_leaves_the_fusion_at_that_instant()
    {
        _room.Presence(0, true);

        Assert.Equal(At(30), Ended(_room.Availability(30, "radar", online: false)).EndedAt);
    }

    [Fact]
    public void Readings_of_an_offline_sensor_are_ignored_until_it_is_online_again()
    {
        _room.Availability(0, "radar", online: false);
        Assert.Empty(_room.Presence(5, true));
        Assert.False(_room.State.Occupied);
        Assert.DoesNotContain("radar", _room.State.Sensors.Keys);

        Assert.Empty(_room.Availability(10, "radar", online: true));
        Assert.True(Assert.Single(_room.Presence(11, true)).Occupied);
    }

    [Fact]
    public void A_sensor_coming_back_online_counts_from_its_next_report_not_its_old_state()
    {
        _room.Presence(0, true);
        _room.Availability(30, "radar", online: false);
        _room.Availability(40, "radar", online: true);

        Assert.False(_room.State.Occupied);
        Assert.Empty(_room.Tick(41));
    }

    [Fact]
    public void An_offline_sensor_does_not_end_what_another_sensor_sees()
    {
        _room.Presence(0, true);
        _room.Motion(1, true);

        Assert.Empty(_room.Availability(5, "radar", online: false));
        Assert.True(_room.State.Occupied);
    }

    [Fact]
    public void Repeated_offline_availability_changes_nothing()
    {
        _room.Availability(0, "radar", online: false);
        var before = _room.State;

        Assert.Empty(_room.Availability(5, "radar", online: false));
        Assert.Equal(["radar"], _room.State.OfflineSensors);
        Assert.Equal(before.OfflineSensors, _room.State.OfflineSensors);
    }

    [Fact]
    public void A_door_contact_going_offline_ends_its_hold_at_once()
    {
        _room.Door(0, false);
        _room.Motion(0, true);
        _room.Motion(10, false);
        _room.Tick(100);

        Assert.Equal(At(120), Ended(_room.Availability(120, "door", online: false)).EndedAt);
    }

    [Fact]
    public void A_sensor_lost_while_the_door_is_closed_keeps_the_hold_from_that_instant()
    {
        _room.Door(0, false);
        _room.Presence(0, true);
        _room.Availability(100, "radar", online: false);

        Assert.Empty(_room.Tick(100 + 1799.999));
        Assert.Equal(At(1900), Ended(_room.Tick(1900)).EndedAt);
    }

    // ---- interval bookkeeping ----

    [Fact]
    public void The_interval_names_who_started_it_and_everyone_who_contributed()
    {
        _room.Door(0, false);
        var started = Assert.Single(_room.Motion(1, true));
        _room.Presence(20, true);
        _room.Motion(21, false);
        _room.Presence(30, false);

        var ended = Ended(_room.Door(1500, true));

        var opened = Assert.IsType<OccupancyIntervalStarted>(started.Event);
        Assert.Equal(At(1), opened.OccurredAt);
        Assert.Equal(["pir"], opened.Sensors);
        var recorded = Assert.IsType<OccupancyIntervalEnded>(ended.Event);
        Assert.Equal(At(1500), recorded.OccurredAt);
        Assert.Equal(At(1), recorded.StartedAt);
        Assert.Equal(["pir", "radar", "door"], recorded.Sensors);
        Assert.Null(_room.State.IntervalStartedAt);
        Assert.Empty(_room.State.IntervalSensors);
    }

    [Fact]
    public void Two_sensors_starting_together_are_both_named_and_the_door_is_not_when_it_held_nothing()
    {
        _room.Motion(0, true, "pir-b");
        _room.Motion(0, true, "pir-a");
        _room.Motion(1, false, "pir-a");
        _room.Motion(1, false, "pir-b");
        _room.Door(2, true);

        var ended = Ended(_room.Tick(45));
        Assert.Equal(["pir-b", "pir-a"], ended.Sensors);
    }

    [Fact]
    public void Decision_events_are_the_changes_as_room_events()
    {
        var decision = OccupancyFusion.Report(
            OccupancyFusionState.Initial, new SensorReading("pir", SensorKind.Motion, true), FusionRoom.TestPolicy, At(0));

        var started = Assert.IsType<OccupancyIntervalStarted>(Assert.Single(decision.Events));
        Assert.Equal(At(0), started.OccurredAt);
        Assert.Equal(["pir"], started.Sensors);
    }

    // ---- policy ----

    [Fact]
    public void Policy_defaults_are_no_motion_hold_a_10_s_presence_debounce_and_a_2_h_door_hold()
    {
        var policy = new OccupancyPolicy();

        Assert.Equal(TimeSpan.Zero, policy.MotionHold);
        Assert.Equal(TimeSpan.FromSeconds(10), policy.PresenceClearDebounce);
        Assert.Equal(TimeSpan.FromHours(2), policy.DoorHoldMax);
        Assert.True(policy.DoorHoldsOccupancy);
    }

    [Fact]
    public void Negative_policy_values_mean_the_default()
    {
        var policy = new OccupancyPolicy { MotionHoldSeconds = -1, PresenceClearDebounceSeconds = -1, DoorHoldMaxMinutes = 0 };

        Assert.Equal(new OccupancyPolicy().MotionHold, policy.MotionHold);
        Assert.Equal(new OccupancyPolicy().PresenceClearDebounce, policy.PresenceClearDebounce);
        Assert.Equal(new OccupancyPolicy().DoorHoldMax, policy.DoorHoldMax);
    }
}
