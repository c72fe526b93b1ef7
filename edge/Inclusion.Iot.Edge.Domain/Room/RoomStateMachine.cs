using Inclusion.Iot.Edge.Domain.Configuration;
using Inclusion.Iot.Edge.Domain.Events;
using Inclusion.Iot.Edge.Domain.Health;
using Inclusion.Iot.Edge.Domain.Occupancy;
using Inclusion.Iot.Edge.Domain.Rules;

namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>
/// The room: idle → escort present → session (timer phases) → idle. Pure: no I/O, time only through
/// <see cref="TimeProvider"/>. Every input returns a <see cref="RoomDecision"/>; the caller records the
/// events together with the new state, and only then applies the effects.
/// </summary>
public sealed class RoomStateMachine
{
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

    /// <summary>The rules a pupil's admission must pass, in order (each its own type, named by its rule id).</summary>
    public IReadOnlyList<IAdmissionRule> AdmissionRules { get; init; } = Rules.AdmissionRules.Standard;

    /// <summary>
    /// Puts back a state taken before a decision whose events could not be recorded: what was not recorded did not
    /// happen, so nothing acts on it (no session, no lights) and the person at the door tries again.
    /// </summary>
    public void Revert(RoomState state) => State = state ?? throw new ArgumentNullException(nameof(state));

    /// <summary>The effects that bring the room's devices in line with the current state (start-up, reconnect).</summary>
    public IReadOnlyList<RoomEffect> Reassert(RoomSnapshot? snapshot = null)
    {
        var rules = snapshot?.Rules ?? DefaultRules;
        var now = _time.GetUtcNow();
        // Released while the fire latch or an accepted badge says so; held otherwise.
        RoomEffect door = State.FireLatched || State.FireAlarm || State.LockReleasedUntil > now ? new ReleaseLocks() : new HoldLocks();
        return State.Session is { } session
            ? [new SetLights(session.Scene), new ShowTimer(SessionTimer.Display(session, now, rules.Timer, rules.Scenes)), door, new PublishRoomState()]
            : [new SetLights(rules.Scenes.Idle), new ShowTimer(TimerDisplay.Off), door, new PublishRoomState()];
    }

    /// <summary>A badge read at a reader. <paramref name="snapshot"/> is null while the edge has no configuration.</summary>
    public RoomDecision BadgeRead(string reader, string uid, RoomSnapshot? snapshot) =>
        Watched(snapshot, () => BadgeReadUnwatched(reader, uid, snapshot));

    private RoomDecision BadgeReadUnwatched(string reader, string uid, RoomSnapshot? snapshot)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(uid);
        var now = _time.GetUtcNow();
        var rules = snapshot?.Rules ?? DefaultRules;
        var state = ExpireWindow(State, now);
        if (snapshot is null)
        {
            return Refuse(state, reader, RefusalReason.NoConfiguration, null, now);
        }

        var hash = BadgeHash.Compute(snapshot.BadgeSalt, uid);
        var staff = snapshot.Staff.FirstOrDefault(s => BadgeHash.Matches(s.BadgeHash, hash));
        if (staff is not null)
        {
            var escorted = StaffBadge(state, reader, staff, snapshot, rules, now);
            return escorted.State.WaitingPupil is { } waiting && waiting.Until > now && escorted.State.AdmitUntil > now
                && snapshot.Pupils.FirstOrDefault(p => p.PupilId == waiting.PupilId) is { } waitingPupil
                ? Then(escorted, PupilBadge(escorted.State with { WaitingPupil = null }, waiting.Reader, waitingPupil, snapshot, rules, now))
                : escorted;
        }

        var pupil = snapshot.Pupils.FirstOrDefault(p => BadgeHash.Matches(p.BadgeHash, hash));
        return pupil is not null
            ? PupilBadge(state, reader, pupil, snapshot, rules, now)
            : Refuse(state, reader, RefusalReason.UnknownBadge, null, now);
    }

    /// <summary>
    /// The panel's "Start" for a kind of session (group, unloading, open use, or an individual one): the escorts who badged
    /// in run it, its pupils join as they badge in.
    /// </summary>
    public RoomDecision StartOnPanel(SessionKind kind, RoomSnapshot? snapshot)
    {
        var now = _time.GetUtcNow();
        var rules = snapshot?.Rules ?? DefaultRules;
        var state = ExpireWindow(State, now);
        if (snapshot is null) return Unchanged(state, RefusalReason.NoConfiguration);
        if (state.Session is not null) return Unchanged(state, RefusalReason.RoomBusy);
        if (state.Escorts.Count == 0) return Unchanged(state, RefusalReason.EscortRequired);

        var session = new RunningSession
        {
            SessionId = _newSessionId(),
            Kind = kind,
            KindChosen = true,
            Escorts = [.. state.Escorts.Select(e => new SessionEscort(e.StaffId, e.DisplayName))],
            StartedAt = now,
            PlannedMinutes = rules.Sessions.Planned(kind, rules.Sessions.MinutesFor(kind)),
            Scene = rules.Scenes.Idle,
        };
        return Start(state with { AdmitUntil = now + rules.EscortWindow }, session, [], rules, now);
    }

 /// <summary>The reader name of a pupil admitted on the panel (recorded on a refusal of that admission).</summary>
    public const string PanelReader = "panel";

    /// <summary>
    /// The panel's "Add pupil": an escort of the running session brings in a pupil who has no badge with them. The admission
    /// is the badge's (every rule, R-ESCORT through the session's escorts in the room); the pupil joins as added on the panel.
    /// </summary>
    public RoomDecision AddPupilOnPanel(string pupilId, RoomSnapshot? snapshot) => Watched(snapshot, () =>
    {
        ArgumentNullException.ThrowIfNull(pupilId);
        var now = _time.GetUtcNow();
        var rules = snapshot?.Rules ?? DefaultRules;
        if (snapshot is null) return Unchanged(State, RefusalReason.NoConfiguration);
        if (State.Session is not { } session) return Unchanged(State, RefusalReason.NoSession);
        if (snapshot.Pupils.FirstOrDefault(p => p.PupilId == pupilId) is not { } pupil) return Unchanged(State, RefusalReason.UnknownPupil);
        if (session.Pupils.Any(p => p.PupilId == pupilId)) return Unchanged(State, RefusalReason.AlreadyInSession);
        var added = PupilBadge(ExpireWindow(State, now), PanelReader, pupil, snapshot, rules, now, fromPanel: true);
        return added.Events.OfType<BadgeRefused>().FirstOrDefault() is { } refused ? added with { Refused = refused.Reason, RefusedBy = refused.RuleId } : added;
    });

    /// <summary>The panel's "Extend": the planned end moves by <paramref name="minutes"/> (the policy's step when null).</summary>
    public RoomDecision ExtendOnPanel(int? minutes, RoomSnapshot? snapshot)
    {
        var now = _time.GetUtcNow();
        var rules = snapshot?.Rules ?? DefaultRules;
        if (State.Session is not { } session) return Unchanged(State, RefusalReason.NoSession);
        var added = minutes is > 0 ? minutes.Value : rules.Sessions.ExtendStepMinutes;
        if (AdaptationRule.RefuseExtension(session, added) is { } capped) return Unchanged(State, capped, AdaptationRule.RuleId);
        if (DurationRule.RefuseExtension(session, added, rules.Sessions) is { } tooLong) return Unchanged(State, tooLong, DurationRule.RuleId);
        var extended = session with { PlannedMinutes = session.PlannedMinutes + added };
        var events = new List<RoomEvent> { new SessionExtended(now, session.SessionId, added, extended.PlannedMinutes) };
        var decided = Follow(State with { Session = extended }, extended, rules, now, chime: false);
        return Commit(decided.State, [.. events, .. decided.Events], Shown(decided.Effects, decided.State.Session!, rules, now));
    }

    /// <summary>The panel's "End session": a session held to its end, or ended early on purpose.</summary>
    public RoomDecision EndOnPanel(RoomSnapshot? snapshot = null) => Watched(snapshot, () =>
        State.Session is null
            ? Unchanged(State, RefusalReason.NoSession)
            : EndSession(State, SessionEndReason.EndedOnPanel, null, snapshot?.Rules ?? DefaultRules, _time.GetUtcNow()));

    /// <summary>The panel's "Abort": stopped early because something is wrong; recorded apart from sessions delivered.</summary>
    public RoomDecision AbortOnPanel(RoomSnapshot? snapshot = null) => Watched(snapshot, () =>
        State.Session is null
            ? Unchanged(State, RefusalReason.NoSession)
            : EndSession(State, SessionEndReason.AbortedOnPanel, null, snapshot?.Rules ?? DefaultRules, _time.GetUtcNow()));

    /// <summary>
    /// The panel's "Reset fire alarm": once the alarm input is quiet, a person takes the latch off and the lock may hold
    /// again. Refused while the alarm is still active.
    /// </summary>
    public RoomDecision ResetFireAlarmOnPanel()
    {
        if (State.FireAlarm) return Unchanged(State, RefusalReason.FireAlarmActive);
        if (!State.FireLatched) return Unchanged(State, RefusalReason.NothingToReset);
        return Commit(State with { FireLatched = false, LockReleasedUntil = null }, [new FireAlarmReset(_time.GetUtcNow())], [new HoldLocks(), new PublishRoomState()]);
    }

    /// <summary>
    /// The panel's override: a specialist with the override permission, among the escorts who brought the pupil, sets the
    /// refusing rule aside with a typed reason; the pupil comes in as if the rule had allowed it, and the override is an
    /// event. Only overridable rules (never R-ESCORT), and only within the policy's override time.
    /// </summary>
    public RoomDecision OverrideOnPanel(string? reason, RoomSnapshot? snapshot) => Watched(snapshot, () =>
    {
        var now = _time.GetUtcNow();
        var rules = snapshot?.Rules ?? DefaultRules;
        if (snapshot is null) return Unchanged(State, RefusalReason.NoConfiguration);
        if (State.PendingOverride is not { } pending || now >= pending.Until) return Unchanged(State, RefusalReason.NothingToOverride);
        if (string.IsNullOrWhiteSpace(reason)) return Unchanged(State, RefusalReason.ReasonRequired);
        var specialist = pending.EscortStaffIds.Select(id => snapshot.Staff.FirstOrDefault(s => s.StaffId == id)).FirstOrDefault(s => s is { CanOverride: true });
        var pupil = snapshot.Pupils.FirstOrDefault(p => p.PupilId == pending.PupilId);
        if (specialist is null || pupil is null) return Unchanged(State, RefusalReason.NotPermitted, pending.RuleId);

        var overridden = new RuleOverridden(now, pending.RuleId, pupil.PupilId, specialist.StaffId, reason.Trim());
        var admitted = PupilBadge(State with { PendingOverride = null, LastRefusal = null }, pending.Reader, pupil, snapshot, rules, now, pending, fromPanel: pending.Reader == PanelReader);
        return new RoomDecision(admitted.State, [overridden, .. admitted.Events], admitted.Effects) { StateChanged = true, Refused = admitted.Refused };
    });

    /// <summary>Runs a decision, then R-ESCORT's alarm and the fail-safe lock over its outcome.</summary>
    private RoomDecision Watched(RoomSnapshot? snapshot, Func<RoomDecision> decide)
    {
        var before = State;
        var now = _time.GetUtcNow();
        var watched = SafetyWatch.Follow(before, decide(), snapshot?.Rules ?? DefaultRules, now);
        watched = watched with { State = SessionLedger.Follow(watched.State, watched.Events, now) };
        State = watched.State;
        return watched with { StateChanged = watched.State != before };
    }

    /// <summary>
    /// The wall clock jumped against the monotonic clock: every running time moves with it, so timers follow the monotonic
    /// clock, and the jump is recorded.
    /// </summary>
    public RoomDecision ClockJumped(TimeSpan delta, bool synchronised)
    {
        var shifted = RoomClockShift.Shift(State, delta);
        return Commit(shifted, [new ClockJumped(_time.GetUtcNow(), delta, synchronised)], [new PublishRoomState()]);
    }

    /// <summary>Called about once a second: escort window expiry, timer phases, scenes, overrun limit.</summary>
    public RoomDecision Tick(RoomSnapshot? snapshot) => Watched(snapshot, () => TickUnwatched(snapshot));

    private RoomDecision TickUnwatched(RoomSnapshot? snapshot)
    {
        var before = State;
        var now = _time.GetUtcNow();
        var rules = snapshot?.Rules ?? DefaultRules;
        var state = ExpireWindow(State, now);
        List<RoomEvent> refused = [];
        if (state.WaitingPupil is { } waiting && now >= waiting.Until)
        {
            // No escort came: now it is a refusal (R-ESCORT), shown on the panel and recorded.
            refused.Add(new BadgeRefused(now, waiting.Reader, RefusalReason.EscortRequired, waiting.PupilId, RuleIds.Escort));
            state = state with { WaitingPupil = null, LastRefusal = new Refusal(RefusalReason.EscortRequired, waiting.PupilId, now, RuleIds.Escort) };
        }
        var fused = OccupancyFusion.Tick(state.Occupancy, rules.Occupancy, now);
        var health = DeviceWatch.Tick(state.Health, rules.Health, now);
        List<RoomEvent> watched = [.. refused, .. fused.Events, .. health.Changes];
        state = state with { Occupancy = fused.State, Occupied = fused.State.Occupied, Health = health.Book };

        var decided = state.Session is { } session ? Tick(session, state, rules, now) : Commit(state, [], []);
        List<RoomEffect> effects = [.. decided.Effects];
        var shown = watched.Count > 0 || state.Mode != before.Mode || state.Escorts.Count != before.Escorts.Count;
        if (shown && !effects.OfType<PublishRoomState>().Any()) effects.Add(new PublishRoomState());
        State = decided.State;
        return new RoomDecision(decided.State, [.. watched, .. decided.Events], effects) { StateChanged = decided.State != before };
    }

    /// <summary>The session's part of a tick: the overrun limit, timer phases and scene stages (not yet committed).</summary>
    private RoomDecision Tick(RunningSession session, RoomState state, RoomRules rules, DateTimeOffset now)
    {
        if (now - session.PlannedEnd >= rules.OverrunLimit)
        {
            return EndSession(state, SessionEndReason.OverrunLimit, null, rules, now);
        }

        return Follow(state, session, rules, now, chime: true);
    }

    /// <summary>
    /// Brings a session's timer phase and scene stage up to <paramref name="now"/>: a phase change is an event and a timer
    /// update (with a chime on warnings and the end when the profile asks and <paramref name="chime"/>), a stage change one
    /// fade of the lights.
    /// </summary>
    private RoomDecision Follow(RoomState state, RunningSession session, RoomRules rules, DateTimeOffset now, bool chime)
    {
        var phase = SessionTimer.PhaseAt(session, now, rules.Timer);
        var stage = SensoryScenes.StageAt(session, phase, now, rules.Scenes);
        var profile = session.Profile(rules.Scenes);
        var scene = SensoryScenes.For(stage, profile, rules.Scenes);
        if (phase == session.Phase && stage == session.Stage && scene == session.Scene)
        {
            return Commit(state with { Session = session }, [], []);
        }

        var updated = session with { Phase = phase, Stage = stage, Scene = scene };
        List<RoomEvent> events = [];
        List<RoomEffect> effects = [];
        if (scene != session.Scene) effects.Add(new SetLights(scene));
        if (phase != session.Phase)
        {
            events.Add(new TimerPhaseChanged(now, session.SessionId, phase));
            effects.Add(new ShowTimer(SessionTimer.Display(updated, now, rules.Timer, rules.Scenes)));
            if (chime && profile.Chime && phase is TimerPhase.FiveMinuteWarning or TimerPhase.OneMinuteWarning or TimerPhase.Ended)
            {
                effects.Add(new SoundChime(End: phase == TimerPhase.Ended));
            }
        }

        effects.Add(new PublishRoomState());
        return Commit(state with { Session = updated }, events, effects);
    }

    /// <summary>
    /// A presence, motion or door sensor reported: its health is noted, the room's occupancy is fused from all sensors
    /// (intervals are events), and a door change is recorded. A repeated identical report changes nothing.
    /// </summary>
    public RoomDecision SensorReported(string device, SensorKind kind, bool active, ReportedVitals? vitals, RoomSnapshot? snapshot) =>
        Watched(snapshot, () => SensorUnwatched(device, kind, active, vitals, snapshot));

    private RoomDecision SensorUnwatched(string device, SensorKind kind, bool active, ReportedVitals? vitals, RoomSnapshot? snapshot)
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
    public RoomDecision FireAlarmReported(string device, bool active, RoomSnapshot? snapshot = null) =>
        Watched(snapshot, () => FireAlarmUnwatched(device, active));

    private RoomDecision FireAlarmUnwatched(string device, bool active)
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
            effects.AddRange(Reassert(snapshot).Select(effect => effect switch
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

    /// <summary>The timer phase for a session at an instant, by the room's policy.</summary>
    public static TimerPhase PhaseAt(RunningSession session, DateTimeOffset now, RoomSnapshot? snapshot = null) =>
        SessionTimer.PhaseAt(session, now, (snapshot?.Rules ?? DefaultRules).Timer);

    /// <summary>Two decisions on one input, as one: the first's events and effects, then the second's.</summary>
    private static RoomDecision Then(RoomDecision first, RoomDecision second) =>
        new(second.State, [.. first.Events, .. second.Events], [.. first.Effects.Where(e => e is not PublishRoomState), .. second.Effects]) { StateChanged = true };

    private RoomDecision StaffBadge(RoomState state, string reader, StaffCard staff, RoomSnapshot snapshot, RoomRules rules, DateTimeOffset now)
    {
        if (!staff.CanEscort)
        {
            return Refuse(state, reader, RefusalReason.NotPermitted, staff.StaffId, now, RuleIds.Escort);
        }

        var accepted = new BadgeAccepted(now, reader, BadgeHolderKind.Staff, staff.StaffId);
        var tappingOut = state.Session?.Escorts.Any(e => e.StaffId == staff.StaffId) == true;
        if (!tappingOut && EscortAdmissionRule.ConfigurationStale(snapshot, now))
        {
            // Offline too long: the cached permission is no longer honoured (an escort in a session may still tap out).
            return Refuse(state, reader, RefusalReason.ConfigurationStale, staff.StaffId, now, RuleIds.Escort);
        }

        if (state.Session is { } session)
        {
            if (tappingOut)
            {
                // Tap-out. A pupil is never left without an escort: the last escort leaving ends the session.
                if (session.Escorts.Count == 1) return EndSession(state, SessionEndReason.EscortBadgedOut, staff.StaffId, rules, now, accepted);
                var fewer = session with { Escorts = [.. session.Escorts.Where(e => e.StaffId != staff.StaffId)] };
                return Commit(state with { Session = fewer }, [accepted, new EscortLeft(now, session.SessionId, staff.StaffId)], [new PublishRoomState()]);
            }

            // A further escort joins, and may bring a pupil in to a group within the window.
            var more = session with { Escorts = [.. session.Escorts, new SessionEscort(staff.StaffId, staff.DisplayName)] };
            return Commit(
                state with { Session = more, AdmitUntil = now + rules.EscortWindow, LastRefusal = null },
                [accepted, new EscortJoined(now, session.SessionId, staff.StaffId)],
                [new PublishRoomState()]);
        }

        var next = state with
        {
            Mode = RoomMode.EscortPresent,
            Escorts = [.. state.Escorts.Where(e => e.StaffId != staff.StaffId), new EscortPresence(staff.StaffId, staff.DisplayName, now)],
            AdmitUntil = now + rules.EscortWindow,
            LastRefusal = null,
        };
        return Commit(next, [accepted], [new PublishRoomState()]);
    }

    private RoomDecision PupilBadge(
        RoomState state, string reader, PupilCard pupil, RoomSnapshot snapshot, RoomRules rules, DateTimeOffset now, PendingOverride? overriding = null, bool fromPanel = false)
    {
        var accepted = new BadgeAccepted(now, reader, BadgeHolderKind.Pupil, pupil.PupilId);
        if (overriding is null && !fromPanel && state.Session is { } inSession && inSession.Pupils.Any(p => p.PupilId == pupil.PupilId))
        {
            return Leave(state, inSession, pupil.PupilId, accepted, rules, now);
        }

        // R-ESCORT: a pupil comes in only with an escort's badge within the window, in either order: one who badges first
        // waits (nothing opens), and is refused only if no escort comes in time. On the panel, the session's escorts are in
        // the room and bring the pupil in themselves.
        if (overriding is null && !fromPanel && (state.AdmitUntil is not { } until || now >= until))
        {
            return Commit(
                state with { WaitingPupil = new WaitingPupil(pupil.PupilId, pupil.DisplayName, reader, now + rules.EscortWindow), LastRefusal = null },
                [new PupilWaiting(now, reader, pupil.PupilId)],
                [new PublishRoomState()]);
        }

        // The escort who badged in last (the one at the door with the pupil) is asked first.
        IEnumerable<string> escortIds = overriding?.EscortStaffIds
            ?? (state.Session is { } running ? running.EscortStaffIds : state.Escorts.Select(e => e.StaffId));
        var escorts = escortIds.Reverse()
            .Select(id => snapshot.Staff.FirstOrDefault(s => s.StaffId == id))
            .OfType<StaffCard>()
            .ToList();

        // An individual session takes one pupil; a second pupil arriving with the first makes it a group. A pupil with no
        // programme in this room starts open use (R-OPEN).
        var current = state.Session;
        var kind = current?.Kind ?? (pupil.HasProgramme ? SessionKind.Individual : SessionKind.OpenUse);
        var minutes = current?.PlannedMinutes
            ?? (kind == SessionKind.OpenUse ? rules.Sessions.MinutesFor(SessionKind.OpenUse) : IndividualMinutes(pupil, rules));
        if (current is not null && kind == SessionKind.Individual && current.Pupils.Count > 0)
        {
            var arriving = !current.KindChosen && now - current.StartedAt < rules.Scenes.Arrival;
            if (!arriving) return Refuse(state, reader, RefusalReason.RoomBusy, pupil.PupilId, now);
            kind = SessionKind.Group;
            minutes = rules.Sessions.Planned(SessionKind.Group, rules.Sessions.MinutesFor(SessionKind.Group));
        }
        else if (current is not null && kind == SessionKind.Individual)
        {
            // The first pupil of an individual session started on the panel: their programme's length.
            minutes = IndividualMinutes(pupil, rules);
        }

        var overridden = overriding is null ? new HashSet<string>(StringComparer.Ordinal) : new HashSet<string>([overriding.RuleId], StringComparer.Ordinal);
        var admission = new Admission(pupil, escorts, current, kind, snapshot, now) { State = state, Overridden = overridden };
        if (AdmissionRule(admission) is { } refused)
        {
            var refusal = Refuse(state, reader, refused.Reason, pupil.PupilId, now, refused.RuleId);
            if (!AdmissionRules.First(r => r.RuleId == refused.RuleId).Overridable) return refusal;
            var pending = new PendingOverride(pupil.PupilId, pupil.DisplayName, reader, refused.RuleId, [.. escorts.Select(e => e.StaffId)], now + rules.Safety.OverrideWindow);
            return Commit(refusal.State with { PendingOverride = pending }, refusal.Events, refusal.Effects);
        }

        var escort = escorts.First(e => EscortRule.MayEscort(e, pupil));
        var cap = AdaptationRule.CapFor(pupil, now, snapshot.TimeZone);
        var week = WeeklyLimitRule.Standing(admission);
        var member = new SessionPupil(pupil.PupilId, pupil.DisplayName, pupil.ProgrammeEntryId, pupil.Profile)
        {
            CapMinutes = cap?.Minutes,
            AdaptationWeek = cap?.Week ?? 0,
            WeekCount = week is { } standing ? standing.Count + 1 : 0,
            WeekLimit = week?.Limit,
        };
        var warnings = Rules.AdmissionRules.Warnings(AdmissionRules, admission);
        if (current is null)
        {
            var (planned, limitedBy) = AdaptationRule.Capped(minutes, [member.CapMinutes]);
            var session = new RunningSession
            {
                SessionId = _newSessionId(),
                Kind = kind,
                KindChosen = kind != SessionKind.Individual,
                Pupils = [member],
                // An override may come after the admit window closed: its escorts are the ones who brought the pupil.
                Escorts = overriding is null
                    ? [.. state.Escorts.Select(e => new SessionEscort(e.StaffId, e.DisplayName))]
                    : [.. escorts.AsEnumerable().Reverse().Select(e => new SessionEscort(e.StaffId, e.DisplayName))],
                StartedAt = now,
                PlannedMinutes = planned,
                PlannedLimitedBy = limitedBy,
                Scene = rules.Scenes.Idle,
            };
            var started = Start(state with { AdmitUntil = now + rules.EscortWindow }, session, fromPanel ? [] : [accepted], rules, now);
            return Warned(started, warnings, pupil, session.SessionId, now);
        }

        List<SessionPupil> pupils = [.. current.Pupils, member];
        var (replanned, limited) = AdaptationRule.Capped(minutes, pupils.Select(p => p.CapMinutes));
        var joined = current with { Kind = kind, PlannedMinutes = replanned, PlannedLimitedBy = limited ?? current.PlannedLimitedBy, Pupils = pupils };
        var joinedEvent = new PupilJoined(now, current.SessionId, pupil.PupilId, escort.StaffId, pupil.ProgrammeEntryId) { AddedOnPanel = fromPanel };
        var decided = Replan(state with { AdmitUntil = now + rules.EscortWindow, LastRefusal = null }, current, joined, fromPanel ? [joinedEvent] : [accepted, joinedEvent], rules, now);
        return Warned(decided, warnings, pupil, current.SessionId, now);
    }

    /// <summary>A decision with the breaches its admission let through (warn mode) recorded after it.</summary>
    private static RoomDecision Warned(RoomDecision decision, IReadOnlyList<RuleWarning> warnings, PupilCard pupil, string sessionId, DateTimeOffset now) =>
        warnings.Count == 0
            ? decision
            : decision with { Events = [.. decision.Events, .. warnings.Select(w => new RuleWarned(now, w.RuleId, pupil.PupilId, sessionId, w.Reason, w.Count, w.Limit))] };

    private RoomDecision Leave(RoomState state, RunningSession session, string pupilId, BadgeAccepted accepted, RoomRules rules, DateTimeOffset now)
    {
        var left = new PupilLeft(now, session.SessionId, pupilId);
        var remaining = session with { Pupils = [.. session.Pupils.Where(p => p.PupilId != pupilId)] };
        if (remaining.Pupils.Count == 0 && session.Kind != SessionKind.OpenUse)
        {
            return EndSession(state with { Session = remaining }, SessionEndReason.AllPupilsLeft, null, rules, now, accepted, left);
        }

        return Replan(state, session, remaining, [accepted, left], rules, now);
    }

    /// <summary>Who is in the session changed: a replanned kind, length or scene is an event, and the devices follow.</summary>
    private RoomDecision Replan(RoomState state, RunningSession before, RunningSession after, List<RoomEvent> events, RoomRules rules, DateTimeOffset now)
    {
        var decided = Follow(state with { Session = after }, after, rules, now, chime: false);
        var session = decided.State.Session!;
        if (session.Kind != before.Kind || session.PlannedMinutes != before.PlannedMinutes || session.Scene != before.Scene)
        {
            events.Add(new SessionReplanned(now, session.SessionId, session.Kind, session.PlannedMinutes, session.Scene.BrightnessPercent, session.Scene.ColourTemperatureKelvin)
            {
                PlannedLimitedBy = session.PlannedLimitedBy,
            });
        }

        return Commit(decided.State, [.. events, .. decided.Events], Shown(decided.Effects, session, rules, now));
    }

    /// <summary>A session begins: recorded with its scene, the lights fade to its arrival scene and the timer starts.</summary>
    private RoomDecision Start(RoomState state, RunningSession session, List<RoomEvent> events, RoomRules rules, DateTimeOffset now)
    {
        var stage = SensoryScenes.StageAt(session, TimerPhase.Running, now, rules.Scenes);
        var started = session with { Stage = stage, Phase = TimerPhase.Running, Scene = SensoryScenes.For(stage, session.Profile(rules.Scenes), rules.Scenes) };
        var next = state with { Mode = RoomMode.Session, Session = started, Escorts = [], LastRefusal = null };
        events.Add(new SessionStarted(
            now, started.SessionId, started.Kind, started.PupilIds, started.EscortStaffIds, started.PlannedMinutes,
            started.Scene.BrightnessPercent, started.Scene.ColourTemperatureKelvin, started.ProgrammeEntryIds)
        {
            PlannedLimitedBy = started.PlannedLimitedBy,
        });
        events.Add(new TimerPhaseChanged(now, started.SessionId, TimerPhase.Running));
        return Commit(next, events, [new SetLights(started.Scene), new ShowTimer(SessionTimer.Display(started, now, rules.Timer, rules.Scenes)), new PublishRoomState()]);
    }

    /// <summary>Effects after a change in a running session: the timer always shows the new plan, and the room state is published.</summary>
    private static List<RoomEffect> Shown(IReadOnlyList<RoomEffect> effects, RunningSession session, RoomRules rules, DateTimeOffset now)
    {
        List<RoomEffect> shown = [.. effects.Where(e => e is not ShowTimer and not PublishRoomState)];
        shown.Add(new ShowTimer(SessionTimer.Display(session, now, rules.Timer, rules.Scenes)));
        shown.Add(new PublishRoomState());
        return shown;
    }

    /// <summary>The programme's length, or the policy's, within R-DUR's bounds.</summary>
    private static int IndividualMinutes(PupilCard pupil, RoomRules rules) => rules.Sessions.Planned(
        SessionKind.Individual,
        pupil.IndividualSessionMinutes > 0 ? pupil.IndividualSessionMinutes : rules.Sessions.MinutesFor(SessionKind.Individual));

    private (string RuleId, RefusalReason Reason)? AdmissionRule(Admission admission) => Rules.AdmissionRules.FirstRefusal(AdmissionRules, admission);

    private RoomDecision EndSession(RoomState state, SessionEndReason reason, string? staffId, RoomRules rules, DateTimeOffset now, params RoomEvent[] before)
    {
        var session = state.Session!;
        var actual = (int)Math.Max(0, Math.Floor((now - session.StartedAt).TotalSeconds));
        var ended = new SessionEnded(now, session.SessionId, reason, actual, staffId, SessionTimer.OverrunSeconds(session, now));
        var next = state with { Mode = RoomMode.Idle, Session = null, Escorts = [], AdmitUntil = null };
        return Commit(
            next,
            [.. before, ended],
            [new SetLights(SensoryScenes.IdleAfter(session.Profile(rules.Scenes), rules.Scenes)), new ShowTimer(TimerDisplay.Off), new PublishRoomState()]);
    }

    private RoomDecision Refuse(RoomState state, string reader, RefusalReason reason, string? holderId, DateTimeOffset now, string? ruleId = null) =>
        Commit(state with { LastRefusal = new Refusal(reason, holderId, now, ruleId) }, [new BadgeRefused(now, reader, reason, holderId, ruleId)], [new PublishRoomState()]);

    /// <summary>The admit window closes: escorts who brought nobody in are no longer waiting at the door.</summary>
    private static RoomState ExpireWindow(RoomState state, DateTimeOffset now)
    {
        if (state.AdmitUntil is not { } until || now < until) return state;
        return state.Session is null
            ? state with { Mode = RoomMode.Idle, Escorts = [], AdmitUntil = null }
            : state with { AdmitUntil = null };
    }

    private RoomDecision Commit(RoomState next, IReadOnlyList<RoomEvent> events, IReadOnlyList<RoomEffect> effects)
    {
        var changed = next != State;
        State = next;
        return new RoomDecision(next, events, effects) { StateChanged = changed };
    }

    /// <summary>A panel action that does nothing, and why.</summary>
    private RoomDecision Unchanged(RoomState state, RefusalReason reason, string? ruleId = null) => Commit(state, [], []) with { Refused = reason, RefusedBy = ruleId };
}
