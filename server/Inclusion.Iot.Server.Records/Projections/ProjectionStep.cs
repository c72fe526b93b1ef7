using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Incoming;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Inclusion.Iot.Server.Records.Projections;

/// <summary>
/// Updates every projection (sessions with their pupils and escorts, occupancy intervals, device health, decisions,
/// alerts) from stored events, inside the caller's transaction: live ingest calls it with the events it has just stored,
/// the rebuild with the raw log replayed in order. The rows the events touch are read in one query per table, the
/// events applied in memory in order, and the result written set-based: on PostgreSQL in one round trip of one
/// <c>INSERT … unnest</c> and one <c>UPDATE … FROM unnest</c> per table (<see cref="PostgresProjectionWriter"/>); on
/// SQLite as EF entities, saved by the caller's SaveChanges.
/// </summary>
internal sealed class ProjectionStep(ServerDbContext db, ILogger logger)
{
    /// <summary>How many sequences after a RuleOverridden the admission it allowed may come (one room decision's events).</summary>
    private const int OverrideWindow = 8;

    /// <param name="events">Stored events, per edge in ascending sequence.</param>
    /// <param name="lastOverrideBefore">Live ingest: each edge's last RuleOverridden sequence before these events (null:
    /// none), so the stored overrides are read only when one may belong to these events' first admissions. The rebuild
    /// passes null: it reads them whenever that may be.</param>
    /// <param name="edges">On PostgreSQL, untracked edge rows to write in the same round trip as the projections (live
    /// ingest's high-water, last seen, clock anchor); empty for the rebuild.</param>
    public async Task ApplyAsync(IReadOnlyList<PlacedEvent> events, Func<string, long?>? lastOverrideBefore, IReadOnlyCollection<Edge> edges, CancellationToken cancellationToken)
    {
        var relevant = events.Where(e => e.Body is not (OtherEvent or EdgeStarted)).ToList();
        if (relevant.Count == 0)
        {
            if (edges.Count > 0) await PostgresProjectionWriter.WriteAsync(db, new ProjectionChanges(), edges, cancellationToken);
            return;
        }

        var state = await LoadAsync(relevant, lastOverrideBefore, cancellationToken);
        foreach (var placed in relevant)
        {
            Apply(placed, state);
        }

        if (db.Database.IsNpgsql())
        {
            await PostgresProjectionWriter.WriteAsync(db, state.Changes, edges, cancellationToken);
            return;
        }

        var changes = state.Changes;
        db.AddRange(changes.AddedSessions);
        db.AddRange(changes.AddedPupils);
        db.AddRange(changes.AddedEscorts);
        db.AddRange(changes.AddedIntervals);
        db.AddRange(changes.AddedDevices);
        db.AddRange(changes.AddedDecisions);
        db.AddRange(changes.AddedAlerts);
        foreach (var changed in changes.ChangedSessions.Concat<object>(changes.ChangedIntervals).Concat(changes.ChangedDevices).Concat(changes.ChangedDecisions).Concat(changes.ChangedAlerts))
        {
            db.Entry(changed).State = EntityState.Modified;
        }
    }

    private sealed class State
    {
        public ProjectionChanges Changes { get; } = new();

        public HashSet<object> New { get; } = new(ReferenceEqualityComparer.Instance);

        public Dictionary<string, Session> Sessions { get; set; } = new(StringComparer.Ordinal);

        public HashSet<(string SessionId, string PupilId)> Pupils { get; set; } = [];

        public HashSet<(string SessionId, string StaffId)> Escorts { get; set; } = [];

        public Dictionary<string, OccupancyInterval> OpenIntervals { get; } = new(StringComparer.Ordinal);

        public Dictionary<(string EdgeId, string Device), DeviceHealth> Devices { get; set; } = [];

        public Dictionary<(string EdgeId, AlertKind Kind), Alert> OpenAlerts { get; } = [];

        /// <summary>Overrides not yet linked to the session they admitted a pupil to, per edge, in sequence order.</summary>
        public Dictionary<string, List<Decision>> PendingOverrides { get; } = new(StringComparer.Ordinal);

        public void Changed(Session x)
        {
            if (!New.Contains(x)) Changes.ChangedSessions.Add(x);
        }

        public void Changed(OccupancyInterval x)
        {
            if (!New.Contains(x)) Changes.ChangedIntervals.Add(x);
        }

        public void Changed(DeviceHealth x)
        {
            if (!New.Contains(x)) Changes.ChangedDevices.Add(x);
        }

        public void Changed(Decision x)
        {
            if (!New.Contains(x)) Changes.ChangedDecisions.Add(x);
        }

        public void Changed(Alert x)
        {
            if (!New.Contains(x)) Changes.ChangedAlerts.Add(x);
        }
    }

    /// <summary>The stored rows the events touch: one query per table, only for the tables they touch.</summary>
    private async Task<State> LoadAsync(List<PlacedEvent> events, Func<string, long?>? lastOverrideBefore, CancellationToken cancellationToken)
    {
        var state = new State();
        var sessionIds = events.Select(e => e.Body switch
            {
                SessionStarted b => b.SessionId,
                SessionEnded b => b.SessionId,
                PupilJoined b => b.SessionId,
                EscortJoined b => b.SessionId,
                SessionExtended b => b.SessionId,
                SessionReplanned b => b.SessionId,
                _ => null,
            })
            .OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (sessionIds.Count > 0)
        {
            state.Sessions = await db.Sessions.AsNoTracking().Where(s => sessionIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, StringComparer.Ordinal, cancellationToken);
            if (state.Sessions.Count > 0)
            {
                var found = state.Sessions.Keys.ToList();
                state.Pupils = [.. (await db.SessionPupils.AsNoTracking().Where(p => found.Contains(p.SessionId)).ToListAsync(cancellationToken)).Select(p => (p.SessionId, p.PupilId))];
                state.Escorts = [.. (await db.SessionEscorts.AsNoTracking().Where(p => found.Contains(p.SessionId)).ToListAsync(cancellationToken)).Select(p => (p.SessionId, p.StaffId))];
            }
        }

        var closingEdges = events.Where(e => e.Body is OccupancyIntervalEnded).Select(e => e.EdgeId).Distinct(StringComparer.Ordinal).ToList();
        if (closingEdges.Count > 0)
        {
            var open = await db.OccupancyIntervals.AsNoTracking().Where(i => closingEdges.Contains(i.EdgeId) && i.EndedAt == null).ToListAsync(cancellationToken);
            foreach (var interval in open.OrderBy(i => i.Sequence))
            {
                state.OpenIntervals[interval.EdgeId] = interval;
            }
        }

        var clearingEdges = events.Where(e => e.Body is AlertCleared).Select(e => e.EdgeId).Distinct(StringComparer.Ordinal).ToList();
        if (clearingEdges.Count > 0)
        {
            var open = await db.Alerts.AsNoTracking().Where(a => clearingEdges.Contains(a.EdgeId) && a.ClearedAt == null).ToListAsync(cancellationToken);
            foreach (var alert in open.OrderBy(a => a.Sequence))
            {
                state.OpenAlerts[(alert.EdgeId, alert.Kind)] = alert;
            }
        }

        var devices = events.Select(e => e.Body switch
            {
                DeviceHealthChanged b => (e.EdgeId, b.Device),
                DeviceAvailabilityChanged b => (e.EdgeId, b.Device),
                _ => default((string EdgeId, string Device)?),
            })
            .OfType<(string EdgeId, string Device)>().ToHashSet();
        if (devices.Count > 0)
        {
            var edgeIds = devices.Select(d => d.EdgeId).Distinct(StringComparer.Ordinal).ToList();
            var names = devices.Select(d => d.Device).Distinct(StringComparer.Ordinal).ToList();
            state.Devices = (await db.DeviceHealth.AsNoTracking().Where(d => edgeIds.Contains(d.EdgeId) && names.Contains(d.Device)).ToListAsync(cancellationToken))
                .ToDictionary(d => (d.EdgeId, d.Device));
        }

        // An override and the admission it allows are one room decision: only near this step's first event of the edge
        // can the override be in an earlier step (the previous upload, or the rebuild's previous chunk).
        var firstByEdge = events.GroupBy(e => e.EdgeId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Min(e => e.Sequence), StringComparer.Ordinal);
        var admittingEdges = events.Where(e => e.Body is SessionStarted or PupilJoined && e.Sequence - firstByEdge[e.EdgeId] < OverrideWindow)
            .Select(e => e.EdgeId).Distinct(StringComparer.Ordinal)
            .Where(id => lastOverrideBefore is null || (lastOverrideBefore(id) is { } last && last >= firstByEdge[id] - OverrideWindow))
            .ToList();
        if (admittingEdges.Count > 0)
        {
            var from = admittingEdges.Min(id => firstByEdge[id]) - OverrideWindow;
            var pending = await db.Decisions.AsNoTracking()
                .Where(d => admittingEdges.Contains(d.EdgeId) && d.Kind == DecisionKind.Overridden && d.SessionId == null && d.Sequence >= from)
                .ToListAsync(cancellationToken);
            foreach (var decision in pending.Where(d => d.Sequence >= firstByEdge[d.EdgeId] - OverrideWindow).OrderBy(d => d.Sequence))
            {
                Pending(state, decision.EdgeId).Add(decision);
            }
        }

        return state;
    }

    private static List<Decision> Pending(State state, string edgeId)
    {
        if (!state.PendingOverrides.TryGetValue(edgeId, out var list))
        {
            list = [];
            state.PendingOverrides[edgeId] = list;
        }

        return list;
    }

    private void Apply(PlacedEvent e, State state)
    {
        switch (e.Body)
        {
            case SessionStarted started:
                if (state.Sessions.ContainsKey(started.SessionId))
                {
                    logger.LogWarning("Edge {EdgeId} started session {SessionId} twice (sequence {Sequence}); the first is kept.", e.EdgeId, started.SessionId, e.Sequence);
                    return;
                }

                var session = new Session
                {
                    Id = started.SessionId,
                    EdgeId = e.EdgeId,
                    RoomId = e.RoomId,
                    Kind = started.Kind,
                    PlannedMinutes = started.PlannedMinutes,
                    StartedPlannedMinutes = started.PlannedMinutes,
                    PlannedLimitedBy = started.PlannedLimitedBy,
                    StartedAt = e.OccurredAt,
                    EdgeStartedAt = e.EdgeOccurredAt,
                    StartedClockSource = e.ClockSource,
                    Brightness = started.Brightness,
                    ColorTempMireds = started.ColorTempMireds,
                    ProgrammeEntryId = started.ProgrammeEntryIds.FirstOrDefault(id => !string.IsNullOrEmpty(id)),
                };
                state.Sessions.Add(session.Id, session);
                state.New.Add(session);
                state.Changes.AddedSessions.Add(session);
                foreach (var pupilId in started.PupilIds)
                {
                    AddPupil(state, session, pupilId, e);
                }

                foreach (var staffId in started.EscortStaffIds)
                {
                    AddEscort(state, session, staffId);
                }

                break;

            case SessionEnded ended:
                if (!state.Sessions.TryGetValue(ended.SessionId, out var open))
                {
                    logger.LogWarning("Edge {EdgeId} ended session {SessionId} that it never started (sequence {Sequence}); stored only.", e.EdgeId, ended.SessionId, e.Sequence);
                    return;
                }

                open.EndedAt = e.OccurredAt;
                open.EdgeEndedAt = e.EdgeOccurredAt;
                open.EndedClockSource = e.ClockSource;
                open.EndReason = ended.Reason;
                open.ActualSeconds = ended.ActualSeconds;
                open.OverrunSeconds = ended.OverrunSeconds;
                open.EndedByStaffId = ended.EndedByStaffId;
                state.Changed(open);
                break;

            // A group's later pupils and escorts belong to the session's journal entry (D-JOURNAL) like its first ones.
            case PupilJoined joined when Running(e, joined.SessionId, state) is { } grown:
                AddPupil(state, grown, joined.PupilId, e);
                if (grown.ProgrammeEntryId is null && joined.ProgrammeEntryId is not null)
                {
                    grown.ProgrammeEntryId = joined.ProgrammeEntryId;
                    state.Changed(grown);
                }

                break;

            case EscortJoined escort when Running(e, escort.SessionId, state) is { } escorted:
                AddEscort(state, escorted, escort.StaffId);
                break;

            case SessionExtended extension when Running(e, extension.SessionId, state) is { } extended:
                extended.PlannedMinutes = extension.PlannedMinutes;
                extended.ExtendedMinutes += extension.AddedMinutes;
                state.Changed(extended);
                break;

            case SessionReplanned plan when Running(e, plan.SessionId, state) is { } replanned:
                replanned.Kind = plan.Kind;
                replanned.PlannedMinutes = plan.PlannedMinutes;
                replanned.PlannedLimitedBy = plan.PlannedLimitedBy;
                replanned.Brightness = plan.Brightness;
                replanned.ColorTempMireds = plan.ColorTempMireds;
                state.Changed(replanned);
                break;

            case BadgeRefused refused:
                AddDecision(state, e, DecisionKind.Refused, d =>
                {
                    d.RuleId = refused.RuleId;
                    d.Reason = refused.Reason;
                    d.HolderId = refused.HolderId;
                });
                break;

            case RuleWarned warned:
                AddDecision(state, e, DecisionKind.Warned, d =>
                {
                    d.RuleId = warned.RuleId;
                    d.Reason = warned.Reason;
                    d.SessionId = warned.SessionId;
                    d.PupilId = warned.PupilId;
                    d.Count = warned.Count;
                    d.Limit = warned.Limit;
                });
                break;

            case RuleOverridden overridden:
                var decision = AddDecision(state, e, DecisionKind.Overridden, d =>
                {
                    d.RuleId = overridden.RuleId;
                    d.OverrideReason = overridden.Reason;
                    d.PupilId = overridden.PupilId;
                    d.StaffId = overridden.StaffId;
                });
                Pending(state, e.EdgeId).Add(decision);
                break;

            case OccupancyIntervalStarted occupied:
                var interval = new OccupancyInterval
                {
                    EdgeId = e.EdgeId,
                    Sequence = e.Sequence,
                    RoomId = e.RoomId,
                    StartedAt = e.OccurredAt,
                    EdgeStartedAt = e.EdgeOccurredAt,
                    ClockSource = e.ClockSource,
                    Sensors = Join(occupied.Sensors),
                };
                state.New.Add(interval);
                state.Changes.AddedIntervals.Add(interval);
                state.OpenIntervals[e.EdgeId] = interval;
                break;

            case OccupancyIntervalEnded empty:
                if (!state.OpenIntervals.Remove(e.EdgeId, out var closing))
                {
                    // Its start never arrived (or was before this server's records): placed by the edge's own length.
                    closing = new OccupancyInterval
                    {
                        EdgeId = e.EdgeId,
                        Sequence = e.Sequence,
                        RoomId = e.RoomId,
                        StartedAt = empty.StartedAt is { } claimed && e.EdgeOccurredAt is { } endClaim ? e.OccurredAt - (endClaim - claimed) : e.OccurredAt,
                        EdgeStartedAt = empty.StartedAt,
                        ClockSource = e.ClockSource,
                    };
                    state.New.Add(closing);
                    state.Changes.AddedIntervals.Add(closing);
                }

                closing.EndedAt = e.OccurredAt;
                closing.EdgeEndedAt = e.EdgeOccurredAt;
                closing.EndedSequence = e.Sequence;
                closing.Sensors = Join(closing.Sensors.Split(',', StringSplitOptions.RemoveEmptyEntries).Concat(empty.Sensors));
                closing.Seconds = Math.Max(0, (int)(closing.EndedAt.Value - closing.StartedAt).TotalSeconds);
                state.Changed(closing);
                break;

            case DeviceHealthChanged health:
                var device = Device(state, e, health.Device, out var firstSeen);
                device.Status = health.Status;
                if (health.BatteryPercent is { } battery) device.BatteryPercent = battery;
                if (health.LinkQuality is { } link) device.LinkQuality = link;
                // The edge's last_seen is on the edge's clock: moved by the same correction as the event.
                if (health.LastSeen is { } seen) device.LastSeenAt = e.EdgeOccurredAt is { } claim ? e.OccurredAt - (claim - seen) : seen;
                if (health.Status == DeviceHealthStatus.Offline && !string.IsNullOrEmpty(health.Reason)) device.LastFaultReason = health.Reason;
                if (health.Status != DeviceHealthStatus.Unspecified) Transition(device, health.Status != DeviceHealthStatus.Offline, e.OccurredAt, firstSeen);
                Touch(state, device, e);
                break;

            case DeviceAvailabilityChanged availability:
                var available = Device(state, e, availability.Device, out var firstHeard);
                if (availability.Online) available.LastSeenAt = e.OccurredAt;
                Transition(available, availability.Online, e.OccurredAt, firstHeard);
                Touch(state, available, e);
                break;

            case AlertRaised raised:
                var alert = new Alert
                {
                    EdgeId = e.EdgeId,
                    Sequence = e.Sequence,
                    RoomId = e.RoomId,
                    Kind = raised.Kind,
                    RaisedAt = e.OccurredAt,
                    EdgeRaisedAt = e.EdgeOccurredAt,
                    ClockSource = e.ClockSource,
                };
                state.New.Add(alert);
                state.Changes.AddedAlerts.Add(alert);
                state.OpenAlerts[(e.EdgeId, raised.Kind)] = alert;
                break;

            case AlertCleared cleared:
                if (!state.OpenAlerts.Remove((e.EdgeId, cleared.Kind), out var standing))
                {
                    standing = new Alert
                    {
                        EdgeId = e.EdgeId,
                        Sequence = e.Sequence,
                        RoomId = e.RoomId,
                        Kind = cleared.Kind,
                        RaisedAt = e.OccurredAt.AddSeconds(-cleared.SecondsToClear),
                        EdgeRaisedAt = cleared.RaisedAt,
                        ClockSource = e.ClockSource,
                    };
                    state.New.Add(standing);
                    state.Changes.AddedAlerts.Add(standing);
                }

                standing.ClearedAt = e.OccurredAt;
                standing.EdgeClearedAt = e.EdgeOccurredAt;
                standing.ClearedSequence = e.Sequence;
                standing.SecondsToClear = cleared.SecondsToClear;
                standing.ClearedByStaffId = cleared.StaffId;
                state.Changed(standing);
                break;
        }
    }

    private static void AddPupil(State state, Session session, string pupilId, PlacedEvent e)
    {
        if (state.Pupils.Add((session.Id, pupilId)))
        {
            state.Changes.AddedPupils.Add(new SessionPupil { SessionId = session.Id, PupilId = pupilId });
        }

        // The override that admitted this pupil belongs to this session.
        if (state.PendingOverrides.TryGetValue(e.EdgeId, out var pending)
            && pending.FindIndex(d => d.PupilId == pupilId && e.Sequence - d.Sequence <= OverrideWindow) is var at and >= 0)
        {
            var decision = pending[at];
            pending.RemoveAt(at);
            decision.SessionId = session.Id;
            state.Changed(decision);
            session.OverrideCount++;
            var rules = session.OverriddenRuleIds?.Split(',').ToList() ?? [];
            if (!rules.Contains(decision.RuleId ?? string.Empty, StringComparer.Ordinal) && !string.IsNullOrEmpty(decision.RuleId)) rules.Add(decision.RuleId);
            session.OverriddenRuleIds = rules.Count == 0 ? null : string.Join(',', rules);
            state.Changed(session);
        }
    }

    private static void AddEscort(State state, Session session, string staffId)
    {
        if (state.Escorts.Add((session.Id, staffId)))
        {
            state.Changes.AddedEscorts.Add(new SessionEscort { SessionId = session.Id, StaffId = staffId });
        }
    }

    private static Decision AddDecision(State state, PlacedEvent e, DecisionKind kind, Action<Decision> fill)
    {
        var decision = new Decision
        {
            EdgeId = e.EdgeId,
            Sequence = e.Sequence,
            RoomId = e.RoomId,
            Kind = kind,
            OccurredAt = e.OccurredAt,
            EdgeOccurredAt = e.EdgeOccurredAt,
            ClockSource = e.ClockSource,
        };
        fill(decision);
        state.New.Add(decision);
        state.Changes.AddedDecisions.Add(decision);
        return decision;
    }

    private static DeviceHealth Device(State state, PlacedEvent e, string name, out bool firstSeen)
    {
        firstSeen = false;
        if (state.Devices.TryGetValue((e.EdgeId, name), out var device)) return device;
        firstSeen = true;
        device = new DeviceHealth { EdgeId = e.EdgeId, Device = name, RoomId = e.RoomId };
        state.Devices[(e.EdgeId, name)] = device;
        state.New.Add(device);
        state.Changes.AddedDevices.Add(device);
        return device;
    }

    /// <summary>Online time is accumulated per closed stretch; a fault is a step to offline from online or from unknown.</summary>
    private static void Transition(DeviceHealth device, bool online, DateTime at, bool firstSeen)
    {
        if (online && !device.Online)
        {
            device.Online = true;
            device.OnlineSince = at;
        }
        else if (!online && (device.Online || firstSeen))
        {
            if (device.OnlineSince is { } since) device.OnlineSeconds += Math.Max(0, (long)(at - since).TotalSeconds);
            device.OnlineSince = null;
            device.Online = false;
            device.FaultCount++;
        }
    }

    private static void Touch(State state, DeviceHealth device, PlacedEvent e)
    {
        device.ChangedAt = e.OccurredAt;
        device.EdgeChangedAt = e.EdgeOccurredAt;
        device.ClockSource = e.ClockSource;
        device.LastSequence = e.Sequence;
        state.Changed(device);
    }

    private static string Join(IEnumerable<string> sensors) => string.Join(',', sensors.Where(s => !string.IsNullOrEmpty(s)).Distinct(StringComparer.Ordinal));

    /// <summary>The stored session an event changes; an event for a session never started is stored only, with a warning.</summary>
    private Session? Running(PlacedEvent e, string sessionId, State state)
    {
        if (state.Sessions.TryGetValue(sessionId, out var session)) return session;
        logger.LogWarning("Edge {EdgeId} sent {Kind} for session {SessionId} that it never started (sequence {Sequence}); stored only.", e.EdgeId, e.Body.GetType().Name, sessionId, e.Sequence);
        return null;
    }
}
