namespace Inclusion.Iot.Edge.Domain.Occupancy;

/// <summary>
/// The room's occupancy from all its sensors. Pure: (state, input, policy, now) → (state, changes).
/// <list type="bullet">
/// <item><b>Motion</b> (PIR): occupied on motion; the PIR's own "clear" is honoured, plus
/// <see cref="OccupancyPolicy.MotionHold"/> counted from the <i>last motion report</i>. Zigbee2MQTT PIRs resend
/// <c>occupancy:true</c> on each motion they detect, so every motion report is a re-trigger and moves the hold; a
/// repeated "clear" does not move anything.</item>
/// <item><b>Presence</b> (mmWave): "present" counts at once; "not present" counts only after it has lasted
/// <see cref="OccupancyPolicy.PresenceClearDebounce"/> (at exactly the debounce, it counts). The debounce runs from the
/// <i>first</i> "not present" after "present": repeated identical reports never restart it.</item>
/// <item><b>Door</b> ("wasp in a box"): once someone is detected while every known, online door is closed, the room stays
/// occupied until a door opens, even when motion and presence clear, but never longer than
/// <see cref="OccupancyPolicy.DoorHoldMax"/> after the sensors last saw someone. Repeated "closed" reports change nothing.
/// After the door opens, occupancy follows the sensors again, with their own hold and debounce.</item>
/// <item><b>Offline</b>: a sensor whose availability says offline leaves the fusion at that instant, and its readings
/// are ignored until it is online again; it then counts from its next report (the availability topic is the authority,
/// so a flapping radio link does not drive the room).</item>
/// </list>
/// An interval ends at the exact instant its last contribution ran out, even when the tick that notices it comes later.
/// </summary>
public static class OccupancyFusion
{
    /// <summary>A sensor reported. Expiries up to <paramref name="now"/> are settled first, then the reading applies.</summary>
    public static OccupancyDecision Report(OccupancyFusionState state, SensorReading reading, OccupancyPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(reading);
        ArgumentNullException.ThrowIfNull(policy);
        if (state.OfflineSensors.Contains(reading.Sensor, StringComparer.Ordinal))
        {
            return new OccupancyDecision(state, []);
        }

        var changes = new List<OccupancyChange>(2);
        // A sensor that changes how it senses leaves with its old track: note when it was last detecting, as for an offline one.
        var changesKind = state.Sensors.TryGetValue(reading.Sensor, out var known) && known.Kind != reading.Kind;
        var settled = Settle(state, policy, now, null, changes, noteDetection: changesKind);
        settled.Sensors.TryGetValue(reading.Sensor, out var track);
        var applied = Apply(track?.Kind == reading.Kind ? track : null, reading, now);
        if (applied == track)
        {
            // A repeated identical report: nothing moves, not even the state's identity (nothing to rewrite).
            return new OccupancyDecision(settled, changes);
        }

        var sensors = new Dictionary<string, SensorTrack>(settled.Sensors, StringComparer.Ordinal) { [reading.Sensor] = applied };
        // Occupied a moment ago (settled at now), so anything this reading ends, ends now.
        var next = Settle(settled with { Sensors = sensors }, policy, now, now, changes, noteDetection: false);
        return new OccupancyDecision(next, changes);
    }

    /// <summary>A sensor's availability: offline removes it from the fusion; online lets its next report count.</summary>
    public static OccupancyDecision Availability(OccupancyFusionState state, string sensor, bool online, OccupancyPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(sensor);
        ArgumentNullException.ThrowIfNull(policy);
        var changes = new List<OccupancyChange>(1);
        var settled = Settle(state, policy, now, null, changes);
        var isOffline = settled.OfflineSensors.Contains(sensor, StringComparer.Ordinal);
        if (online != isOffline)
        {
            return new OccupancyDecision(settled, changes);
        }

        var sensors = new Dictionary<string, SensorTrack>(settled.Sensors, StringComparer.Ordinal);
        sensors.Remove(sensor);
        IReadOnlyList<string> offline = online
            ? [.. settled.OfflineSensors.Where(s => !string.Equals(s, sensor, StringComparison.Ordinal))]
            : [.. settled.OfflineSensors, sensor];
        var next = Settle(settled with { Sensors = sensors, OfflineSensors = offline }, policy, now, now, changes);
        return new OccupancyDecision(next, changes);
    }

    /// <summary>Called about once a second: the motion hold, the presence debounce and the door hold run out.</summary>
    public static OccupancyDecision Tick(OccupancyFusionState state, OccupancyPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(policy);
        var changes = new List<OccupancyChange>(1);
        var next = Settle(state, policy, now, null, changes, noteDetection: false);
        return new OccupancyDecision(next, changes);
    }

    private static SensorTrack Apply(SensorTrack? track, SensorReading reading, DateTimeOffset now)
    {
        track ??= new SensorTrack { Kind = reading.Kind };
        return reading.Kind switch
        {
            // Every motion report is a motion: the hold counts from the last one.
            SensorKind.Motion when reading.Active => track with { Active = true, ActiveAt = now },
            _ when reading.Active == track.Active => track,
            _ when reading.Active => track with { Active = true, ActiveAt = now, InactiveSince = null },
            _ when track.ActiveAt is null => track with { Active = false },
            _ => track with { Active = false, InactiveSince = now },
        };
    }

    /// <summary>
    /// Brings the announced occupancy in line with the facts at <paramref name="now"/>. <paramref name="endsNoEarlierThan"/>
    /// is set when the state was just settled at <paramref name="now"/> and then changed, so an end can only be now.
    /// </summary>
    private static OccupancyFusionState Settle(
        OccupancyFusionState state, OccupancyPolicy policy, DateTimeOffset now, DateTimeOffset? endsNoEarlierThan, List<OccupancyChange> changes, bool noteDetection = true)
    {
        var doors = state.Sensors.Where(s => s.Value.Kind == SensorKind.Door).Select(s => s.Key).Order(StringComparer.Ordinal).ToList();
        var boxClosed = doors.Count > 0 && doors.All(d => !state.Sensors[d].Active);
        var detecting = new List<string>();
        DateTimeOffset? sensorsEnded = state.LastDetectionSeenAt;
        foreach (var (name, track) in state.Sensors.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var (isDetecting, endedAt) = Evidence(track, policy, now);
            if (isDetecting)
            {
                detecting.Add(name);
            }
            else if (endedAt is { } ended && (sensorsEnded is null || ended > sensorsEnded))
            {
                sensorsEnded = ended;
            }
        }

        var armed = boxClosed && policy.DoorHoldsOccupancy && (state.DoorHoldArmed || detecting.Count > 0);
        var occupied = detecting.Count > 0;
        var held = false;
        var endedAtOrNow = sensorsEnded ?? now;
        if (!occupied && armed && sensorsEnded is { } lastSeen && state.Occupied)
        {
            var holdEnd = lastSeen + policy.DoorHoldMax;
            held = true;
            occupied = now < holdEnd;
            endedAtOrNow = holdEnd;
        }

        if (endsNoEarlierThan is { } floor && endedAtOrNow < floor)
        {
            endedAtOrNow = floor;
        }

        var next = state with
        {
            DoorHoldArmed = armed,
            // Noted only when a sensor joins or leaves the fusion (its own end time is then gone); otherwise the
            // sensors' end times say when detection stopped, so repeated reports and ticks in an occupied room change
            // nothing and nothing is rewritten to the store.
            LastDetectionSeenAt = detecting.Count > 0 && noteDetection ? now : state.LastDetectionSeenAt,
        };
        if (!state.Occupied && occupied)
        {
            changes.Add(new OccupancyChange(true, now, null, detecting));
            return next with { Occupied = true, IntervalStartedAt = now, IntervalSensors = detecting };
        }

        if (!state.Occupied)
        {
            return next;
        }

        var contributors = state.IntervalSensors;
        var joining = detecting.Concat(held ? doors : []).Where(s => !contributors.Contains(s, StringComparer.Ordinal)).ToList();
        if (joining.Count > 0)
        {
            contributors = [.. contributors, .. joining];
        }

        if (occupied)
        {
            return next with { IntervalSensors = contributors };
        }

        var startedAt = state.IntervalStartedAt ?? endedAtOrNow;
        changes.Add(new OccupancyChange(false, startedAt, endedAtOrNow, contributors));
        return next with { Occupied = false, IntervalStartedAt = null, IntervalSensors = [], DoorHoldArmed = false };
    }

    /// <summary>Whether one sensor detects someone at <paramref name="now"/>, and if not, when its detection ran out.</summary>
    private static (bool Detecting, DateTimeOffset? EndedAt) Evidence(SensorTrack track, OccupancyPolicy policy, DateTimeOffset now)
    {
        switch (track.Kind)
        {
            case SensorKind.Motion when track.ActiveAt is { } motion:
                var holdEnd = motion + policy.MotionHold;
                if (track.Active || now < holdEnd)
                {
                    return (true, null);
                }

                var cleared = track.InactiveSince ?? motion;
                return (false, cleared > holdEnd ? cleared : holdEnd);
            case SensorKind.Presence when track.Active:
                return (true, null);
            case SensorKind.Presence when track.InactiveSince is { } absent:
                var counts = absent + policy.PresenceClearDebounce;
                return now < counts ? (true, null) : (false, counts);
            default:
                return (false, null);
        }
    }
}
