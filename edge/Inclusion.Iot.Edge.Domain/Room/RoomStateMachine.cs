using Inclusion.Iot.Edge.Domain.Configuration;
using Inclusion.Iot.Edge.Domain.Events;
using Inclusion.Iot.Edge.Domain.Health;
using Inclusion.Iot.Edge.Domain.Occupancy;

namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>
/// The room: idle → escort present → session (timer phases) → idle. Pure: no I/O, time only through
/// <see cref="TimeProvider"/>. Every input returns a <see cref="RoomDecision"/>; the caller records the
/// events together with the new state, and only then applies the effects.
/// </summary>
public sealed class RoomStateMachine
{
    private static readonly TimeSpan EndedPhaseLength = TimeSpan.FromSeconds(1);
    private static readonly RoomRules DefaultRules = new();
    private readonly TimeProvider _time;
    private readonly Func<string> _newSessionId;

    public RoomStateMachine(TimeProvider time, RoomState? state = null, Func<string>? newSessionId = null)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
        State = state ?? RoomState.Initial;
        _newSessionId = newSessionId ?? (() => Guid.NewGuid().ToString("D"));
    }

    public RoomState State { get; private set; }

    /// <summary>The room file's role of each device, for its health limits.</summary>
    public IReadOnlyDictionary<string, DeviceRole> DeviceRoles { get; init; } = new Dictionary<string, DeviceRole>();

    /// <summary>
    /// Puts back a state taken before a decision whose events could not be recorded: what was not recorded did not
    /// happen, so nothing acts on it (no session, no lights) and the person at the door tries again.
    /// </summary>
    public void Revert(RoomState state) => State = state ?? throw new ArgumentNullException(nameof(state));

    /// <summary>The effects that bring the room's devices in line with the current state (start-up, reconnect).</summary>
    public IReadOnlyList<RoomEffect> Reassert()
    {
        var now = _time.GetUtcNow();
        return State.Session is { } session
            ? [new SetLights(session.Scene), new ShowTimer(CountdownFor(session, session.Phase, now)), new PublishRoomState()]
            : [new SetLights(LightScene.Idle), new ShowTimer(TimerDisplay.Off), new PublishRoomState()];
    }

    /// <summary>A badge read at a reader. <paramref name="snapshot"/> is null while the edge has no configuration.</summary>
    public RoomDecision BadgeRead(string reader, string uid, RoomSnapshot? snapshot)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(uid);
        var now = _time.GetUtcNow();
        var state = ExpireEscort(State, snapshot, now);
        if (snapshot is null)
        {
            return Refuse(state, reader, RefusalReason.NoConfiguration, null, now);
        }

        var hash = BadgeHash.Compute(snapshot.BadgeSalt, uid);
        var staff = snapshot.Staff.FirstOrDefault(s => BadgeHash.Matches(s.BadgeHash, hash));
        if (staff is not null)
        {
            return StaffBadge(state, reader, staff, now);
        }

        var pupil = snapshot.Pupils.FirstOrDefault(p => BadgeHash.Matches(p.BadgeHash, hash));
        return pupil is not null
            ? PupilBadge(state, reader, pupil, snapshot, now)
            : Refuse(state, reader, RefusalReason.UnknownBadge, null, now);
    }

    /// <summary>The panel's "End session" button.</summary>
    public RoomDecision EndOnPanel()
    {
        var now = _time.GetUtcNow();
        return State.Session is null ? Commit(State, [], []) : EndSession(State, SessionEndReason.EndedOnPanel, null, now);
    }

    /// <summary>Called about once a second: escort window expiry, timer phases, overrun limit.</summary>
    public RoomDecision Tick(RoomSnapshot? snapshot)
    {
        var before = State;
        var now = _time.GetUtcNow();
        var rules = snapshot?.Rules ?? DefaultRules;
        var state = ExpireEscort(State, snapshot, now);
        var fused = OccupancyFusion.Tick(state.Occupancy, rules.Occupancy, now);
        var health = DeviceWatch.Tick(state.Health, rules.Health, now);
        List<RoomEvent> watched = [.. fused.Events, .. health.Changes];
        state = state with { Occupancy = fused.State, Occupied = fused.State.Occupied, Health = health.Book };

        var decided = state.Session is { } session ? Tick(session, state, rules, now) : Commit(state, [], []);
        List<RoomEffect> effects = [.. decided.Effects];
        var shown = watched.Count > 0 || state.Mode != before.Mode || state.Escort != before.Escort;
        if (shown && !effects.OfType<PublishRoomState>().Any()) effects.Add(new PublishRoomState());
        State = decided.State;
        return new RoomDecision(decided.State, [.. watched, .. decided.Events], effects) { StateChanged = decided.State != before };
    }

    /// <summary>The session's part of a tick: the overrun limit and timer phases (not yet committed).</summary>
    private RoomDecision Tick(RunningSession session, RoomState state, RoomRules rules, DateTimeOffset now)
    {
        var overrun = now - session.PlannedEnd;
        if (overrun >= rules.OverrunLimit)
        {
            return EndSession(state, SessionEndReason.OverrunLimit, null, now);
        }

        var phase = PhaseAt(session, now);
        if (phase == session.Phase)
        {
            return Commit(state, [], []);
        }

        var updated = session with { Phase = phase };
        List<RoomEffect> effects = [new ShowTimer(CountdownFor(updated, phase, now)), new PublishRoomState()];
        if (session.Chime && phase is TimerPhase.FiveMinuteWarning or TimerPhase.OneMinuteWarning or TimerPhase.Ended)
        {
            effects.Add(new SoundChime(End: phase == TimerPhase.Ended));
        }

        return Commit(state with { Session = updated }, [new TimerPhaseChanged(now, session.SessionId, phase)], effects);
    }

    /// <summary>
    /// A presence, motion or door sensor reported: its health is noted, the room's occupancy is fused from all sensors
    /// (intervals are events), and a door change is recorded. A repeated identical report changes nothing.
    /// </summary>
    public RoomDecision SensorReported(string device, SensorKind kind, bool active, ReportedVitals? vitals, RoomSnapshot? snapshot)
    {
        ArgumentNullException.ThrowIfNull(device);
        var now = _time.GetUtcNow();
        var rules = snapshot?.Rules ?? DefaultRules;
        var events = new List<RoomEvent>();
        var health = DeviceWatch.Seen(State.Health, device, RoleOf(device, kind), vitals, rules.Health, now);
        events.AddRange(health.Changes);
        var fused = OccupancyFusion.Report(State.Occupancy, new SensorReading(device, kind, active), rules.Occupancy, now);
        events.AddRange(fused.Events);
        var next = State with { Health = health.Book, Occupancy = fused.State, Occupied = fused.State.Occupied };
        if (kind == SensorKind.Door && State.DoorOpen != active)
        {
            events.Insert(0, new DoorChanged(now, device, active));
            next = next with { DoorOpen = active };
        }

        return Commit(next, events, events.Count > 0 ? [new PublishRoomState()] : []);
    }

    /// <summary>A device reported something that only says it is alive (a light's state, a battery report).</summary>
    public RoomDecision DeviceSeen(string device, ReportedVitals? vitals, RoomSnapshot? snapshot)
    {
        ArgumentNullException.ThrowIfNull(device);
        var health = DeviceWatch.Seen(State.Health, device, RoleOf(device, null), vitals, (snapshot?.Rules ?? DefaultRules).Health, _time.GetUtcNow());
        return Commit(State with { Health = health.Book }, health.Changes, health.Changes.Count > 0 ? [new PublishRoomState()] : []);
    }

    /// <summary>The devices the panel and Home Assistant show as having a problem (offline, stale, low battery).</summary>
    public IReadOnlyList<string> DevicesWithProblems => DeviceWatch.DevicesWithProblems(State.Health);

    /// <summary>The fire-alarm input: active releases every lock at once, whatever else the room is doing.</summary>
    public RoomDecision FireAlarmReported(string device, bool active)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (State.FireAlarm == active)
        {
            // Repeated reports change nothing, but an active alarm re-asserts the release: a lock must never be left held.
            return Commit(State, [], active ? [new ReleaseLocks()] : []);
        }

        return Commit(
            State with { FireAlarm = active },
            [new FireAlarmChanged(_time.GetUtcNow(), device, active)],
            active ? [new ReleaseLocks(), new PublishRoomState()] : [new PublishRoomState()]);
    }

    /// <summary>
    /// A device came online or went offline (its convention's availability, or a wired device that stopped answering):
    /// a health event, an offline sensor leaves the occupancy fusion, and a device that comes back gets the room's current
    /// scene or timer again (the others already show it).
    /// </summary>
    public RoomDecision AvailabilityReported(string device, bool online, string? reason = null, RoomSnapshot? snapshot = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        var now = _time.GetUtcNow();
        var rules = snapshot?.Rules ?? DefaultRules;
        if (State.DeviceOnline.TryGetValue(device, out var known) && known == online)
        {
            return Commit(State, [], []);
        }

        var devices = new Dictionary<string, bool>(State.DeviceOnline, StringComparer.Ordinal) { [device] = online };
        var health = DeviceWatch.Availability(State.Health, device, online, reason, rules.Health, now);
        var fused = OccupancyFusion.Availability(State.Occupancy, device, online, rules.Occupancy, now);
        List<RoomEffect> effects = [];
        if (online)
        {
            effects.AddRange(Reassert().Select(effect => effect switch
            {
                SetLights lights => lights with { Device = device },
                ShowTimer timer => timer with { Device = device },
                _ => effect,
            }).Where(effect => effect is not PublishRoomState));
        }

        effects.Add(new PublishRoomState());
        return Commit(
            State with { DeviceOnline = devices, Health = health.Book, Occupancy = fused.State, Occupied = fused.State.Occupied },
            [.. health.Changes, .. fused.Events],
            effects);
    }

    /// <summary>A device sent something unreadable: recorded, never acted on.</summary>
    public RoomDecision InputRejected(string device, string topic, string reason) =>
        Commit(State, [new DeviceInputRejected(_time.GetUtcNow(), device, topic, reason)], []);

    private DeviceRole RoleOf(string device, SensorKind? kind) =>
        DeviceRoles.TryGetValue(device, out var role)
            ? role
            : kind switch
            {
                SensorKind.Door => DeviceRole.DoorContact,
                SensorKind.Motion or SensorKind.Presence => DeviceRole.Occupancy,
                _ => DeviceRole.Lighting,
            };

    /// <summary>The timer phase for a session at an instant.</summary>
    public static TimerPhase PhaseAt(RunningSession session, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(session);
        var remaining = session.Remaining(now);
        if (remaining > TimeSpan.FromMinutes(5)) return TimerPhase.Running;
        if (remaining > TimeSpan.FromMinutes(1)) return TimerPhase.FiveMinuteWarning;
        if (remaining > TimeSpan.Zero) return TimerPhase.OneMinuteWarning;
        if (remaining > -EndedPhaseLength) return TimerPhase.Ended;
        return TimerPhase.Overrun;
    }

    private RoomDecision StaffBadge(RoomState state, string reader, StaffCard staff, DateTimeOffset now)
    {
        if (!staff.CanEscort)
        {
            return Refuse(state, reader, RefusalReason.NotPermitted, staff.StaffId, now);
        }

        var accepted = new BadgeAccepted(now, reader, BadgeHolderKind.Staff, staff.StaffId);
        if (state.Session is { } session)
        {
            // Tap-out: only an escort of the running session ends it; other staff are simply recorded.
            return session.EscortStaffIds.Contains(staff.StaffId, StringComparer.Ordinal)
                ? EndSession(state, SessionEndReason.EscortBadgedOut, staff.StaffId, now, accepted)
                : Commit(state, [accepted], []);
        }

        var next = state with
        {
            Mode = RoomMode.EscortPresent,
            Escort = new EscortPresence(staff.StaffId, staff.DisplayName, now),
            LastRefusal = null,
        };
        return Commit(next, [accepted], [new PublishRoomState()]);
    }

    private RoomDecision PupilBadge(RoomState state, string reader, PupilCard pupil, RoomSnapshot snapshot, DateTimeOffset now)
    {
        if (state.Session is not null)
        {
            return Refuse(state, reader, RefusalReason.RoomBusy, pupil.PupilId, now);
        }

        if (state.Escort is not { } escort)
        {
            return Refuse(state, reader, RefusalReason.EscortRequired, pupil.PupilId, now);
        }

        var escortCard = snapshot.Staff.FirstOrDefault(s => s.StaffId == escort.StaffId);
        if (escortCard is null || !EscortRule.MayEscort(escortCard, pupil))
        {
            return Refuse(state, reader, RefusalReason.NotPermitted, pupil.PupilId, now);
        }

        var profile = pupil.Profile;
        var minutes = pupil.IndividualSessionMinutes > 0 ? pupil.IndividualSessionMinutes : RoomRules.DefaultSessionMinutes;
        var scene = new LightScene(
            true,
            Math.Clamp(profile.BrightnessPercent, 0, 100),
            Math.Clamp(profile.ColourTemperatureKelvin, LightScene.WarmestKelvin, LightScene.CoolestKelvin),
            Math.Max(1, profile.MinFadeSeconds));
        var session = new RunningSession
        {
            SessionId = _newSessionId(),
            PupilIds = [pupil.PupilId],
            PupilDisplayNames = [pupil.DisplayName],
            EscortStaffIds = [escort.StaffId],
            EscortDisplayNames = [escort.DisplayName],
            ProgrammeEntryIds = string.IsNullOrEmpty(pupil.ProgrammeEntryId) ? [] : [pupil.ProgrammeEntryId],
            StartedAt = now,
            PlannedMinutes = minutes,
            Scene = scene,
            TimerStyle = profile.TimerStyle,
            Chime = profile.Chime,
        };
        var next = state with { Mode = RoomMode.Session, Session = session, LastRefusal = null };
        return Commit(
            next,
            [
                new BadgeAccepted(now, reader, BadgeHolderKind.Pupil, pupil.PupilId),
                new SessionStarted(now, session.SessionId, session.PupilIds, session.EscortStaffIds, minutes, scene.BrightnessPercent, scene.ColourTemperatureKelvin, session.ProgrammeEntryIds),
                new TimerPhaseChanged(now, session.SessionId, TimerPhase.Running),
            ],
            [new SetLights(scene), new ShowTimer(CountdownFor(session, TimerPhase.Running, now)), new PublishRoomState()]);
    }

    private RoomDecision EndSession(RoomState state, SessionEndReason reason, string? staffId, DateTimeOffset now, RoomEvent? before = null)
    {
        var session = state.Session!;
        var actual = (int)Math.Max(0, Math.Floor((now - session.StartedAt).TotalSeconds));
        var ended = new SessionEnded(now, session.SessionId, reason, actual, staffId);
        var next = state with { Mode = RoomMode.Idle, Session = null, Escort = null };
        return Commit(
            next,
            before is null ? [ended] : [before, ended],
            [new SetLights(LightScene.Idle), new ShowTimer(TimerDisplay.Off), new PublishRoomState()]);
    }

    private RoomDecision Refuse(RoomState state, string reader, RefusalReason reason, string? holderId, DateTimeOffset now) =>
        Commit(state with { LastRefusal = new Refusal(reason, holderId, now) }, [new BadgeRefused(now, reader, reason, holderId)], [new PublishRoomState()]);

    private static RoomState ExpireEscort(RoomState state, RoomSnapshot? snapshot, DateTimeOffset now)
    {
        if (state.Mode != RoomMode.EscortPresent || state.Escort is null) return state;
        var window = (snapshot?.Rules ?? DefaultRules).EscortWindow;
        return now - state.Escort.BadgedAt >= window ? state with { Mode = RoomMode.Idle, Escort = null } : state;
    }

    private static TimerDisplay CountdownFor(RunningSession session, TimerPhase phase, DateTimeOffset now) =>
        new(true, session.RemainingSeconds(now), session.PlannedMinutes * 60, phase, session.TimerStyle, session.Chime);

    private RoomDecision Commit(RoomState next, IReadOnlyList<RoomEvent> events, IReadOnlyList<RoomEffect> effects)
    {
        var changed = next != State;
        State = next;
        return new RoomDecision(next, events, effects) { StateChanged = changed };
    }
}
