using Google.Protobuf;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Server.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Session = Inclusion.Iot.Server.Data.Session;

namespace Inclusion.Iot.Server.Api.Edges;

/// <summary>
/// Stores an edge's uploaded events exactly once, in one transaction per batch. For each event in ascending sequence:
/// at or below the high-water → a replay, skipped; high-water + 1 → stored raw and applied (SessionStarted creates
/// a session, SessionEnded closes it; other kinds are stored only); anything higher → a gap, the rest waits for the
/// missing events. Returns the new high-water, which is only durable once the transaction commits: a failed write
/// throws and acknowledges nothing.
/// <para>
/// On PostgreSQL the batch is set-based, still in one transaction: the edge's row is locked (<c>SELECT … FOR
/// UPDATE</c>) so two server processes taking the same edge's uploads serialise on it and cannot both store a
/// sequence; the new events go into <c>raw_events</c> in one binary COPY; the sessions the batch touches are read in
/// one query and written, with the edge's high-water, in one batched SaveChanges. On SQLite (the embedded default)
/// the raw events are EF entities; the outcome is the same on both stores.
/// </para>
/// </summary>
public sealed class EventIngest(ServerDbContext db, TimeProvider time, ILogger<EventIngest> logger) : IEventIngest
{
    public async Task<IngestResult> IngestAsync(string edgeId, IEnumerable<EdgeEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var postgres = db.Database.IsNpgsql();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var edge = (postgres
                ? (await db.Edges.FromSqlInterpolated($"SELECT * FROM edges WHERE id = {edgeId} FOR UPDATE").ToListAsync(cancellationToken)).SingleOrDefault()
                : await db.Edges.SingleOrDefaultAsync(e => e.Id == edgeId, cancellationToken))
            ?? throw new UnknownEdgeException(edgeId);

        var now = time.GetUtcNow().UtcDateTime;
        var highWater = edge.HighWaterSequence;
        int stored = 0, duplicates = 0;
        long? gapAfter = null;
        var ordered = events.OrderBy(e => e.Sequence).ToList();
        var sessions = await LoadSessionsAsync(ordered.Where(e => e.Sequence > highWater), cancellationToken);
        var raw = new List<RawEvent>(ordered.Count);
        foreach (var edgeEvent in ordered)
        {
            if (edgeEvent.Sequence <= highWater)
            {
                duplicates++;
                continue;
            }

            if (edgeEvent.Sequence != highWater + 1)
            {
                gapAfter = highWater;
                break;
            }

            var occurredAt = edgeEvent.OccurredAt?.ToDateTime() ?? now;
            raw.Add(new RawEvent
            {
                EdgeId = edge.Id,
                Sequence = edgeEvent.Sequence,
                Kind = edgeEvent.BodyCase.ToString(),
                OccurredAt = occurredAt,
                ReceivedAt = now,
                Payload = edgeEvent.ToByteArray(),
            });
            Apply(edge, edgeEvent, occurredAt, sessions);
            highWater = edgeEvent.Sequence;
            stored++;
        }

        if (postgres)
        {
            await CopyAsync(raw, cancellationToken);
        }
        else
        {
            db.RawEvents.AddRange(raw);
        }

        edge.HighWaterSequence = highWater;
        edge.LastSeenAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        if (gapAfter is not null)
        {
            logger.LogWarning("Edge {EdgeId} uploaded past a gap after sequence {HighWater}; the rest of the batch waits for the missing events.", edge.Id, gapAfter);
        }

        logger.LogInformation("Edge {EdgeId}: stored {Stored} events, skipped {Duplicates} replays, acknowledged {HighWater}.", edge.Id, stored, duplicates, highWater);
        return new IngestResult(highWater, stored, duplicates, gapAfter);
    }

    /// <summary>The batch's new events into <c>raw_events</c> in one binary COPY, inside the batch's transaction.</summary>
    private async Task CopyAsync(List<RawEvent> raw, CancellationToken cancellationToken)
    {
        if (raw.Count == 0) return;
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        try
        {
            await using var import = await connection.BeginBinaryImportAsync(
                "COPY raw_events (edge_id, sequence, kind, occurred_at, received_at, payload) FROM STDIN (FORMAT BINARY)", cancellationToken);
            foreach (var e in raw)
            {
                await import.StartRowAsync(cancellationToken);
                await import.WriteAsync(e.EdgeId, cancellationToken);
                await import.WriteAsync(e.Sequence, cancellationToken);
                await import.WriteAsync(e.Kind, cancellationToken);
                await import.WriteAsync(e.OccurredAt, cancellationToken);
                await import.WriteAsync(e.ReceivedAt, cancellationToken);
                await import.WriteAsync(e.Payload, cancellationToken);
            }

            await import.CompleteAsync(cancellationToken);
        }
        catch (PostgresException failed)
        {
            // The same exception as the EF path (e.g. another writer holds a sequence): nothing is acknowledged.
            throw new DbUpdateException($"Could not store the batch's raw events: {failed.MessageText}", failed);
        }
    }

    /// <summary>The sessions the batch starts or ends that are already stored, in one query rather than one per event.</summary>
    private async Task<Dictionary<string, Session>> LoadSessionsAsync(IEnumerable<EdgeEvent> events, CancellationToken cancellationToken)
    {
        var ids = events.Select(e => e.BodyCase switch
            {
                EdgeEvent.BodyOneofCase.SessionStarted => e.SessionStarted.SessionId,
                EdgeEvent.BodyOneofCase.SessionEnded => e.SessionEnded.SessionId,
                EdgeEvent.BodyOneofCase.PupilJoined => e.PupilJoined.SessionId,
                EdgeEvent.BodyOneofCase.EscortJoined => e.EscortJoined.SessionId,
                EdgeEvent.BodyOneofCase.SessionExtended => e.SessionExtended.SessionId,
                EdgeEvent.BodyOneofCase.SessionReplanned => e.SessionReplanned.SessionId,
                _ => null,
            })
            .OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return ids.Count == 0
            ? new Dictionary<string, Session>(StringComparer.Ordinal)
            : await db.Sessions.Include(s => s.Pupils).Include(s => s.Escorts).AsSingleQuery().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, StringComparer.Ordinal, cancellationToken);
    }

    private void Apply(Edge edge, EdgeEvent edgeEvent, DateTime occurredAt, Dictionary<string, Session> sessions)
    {
        switch (edgeEvent.BodyCase)
        {
            case EdgeEvent.BodyOneofCase.EdgeStarted when !string.IsNullOrWhiteSpace(edgeEvent.EdgeStarted.SoftwareVersion):
                // For the equipment audit: which software each room runs.
                edge.SoftwareVersion = edgeEvent.EdgeStarted.SoftwareVersion;
                break;

            case EdgeEvent.BodyOneofCase.SessionStarted:
                var started = edgeEvent.SessionStarted;
                if (sessions.ContainsKey(started.SessionId))
                {
                    logger.LogWarning("Edge {EdgeId} started session {SessionId} twice (sequence {Sequence}); the first is kept.", edge.Id, started.SessionId, edgeEvent.Sequence);
                    return;
                }

                var session = new Session
                {
                    Id = started.SessionId,
                    EdgeId = edge.Id,
                    RoomId = edge.RoomId,
                    Kind = ProtoMapping.ToRecord(started.Kind),
                    PlannedMinutes = started.PlannedMinutes,
                    PlannedLimitedBy = NullIfEmpty(started.PlannedLimitedBy),
                    StartedAt = occurredAt,
                    Brightness = started.Brightness,
                    ColorTempMireds = started.ColorTempMireds,
                    ProgrammeEntryId = started.ProgrammeEntryIds.FirstOrDefault(id => !string.IsNullOrEmpty(id)),
                };
                foreach (var pupilId in started.PupilIds.Distinct(StringComparer.Ordinal))
                {
                    session.Pupils.Add(new SessionPupil { SessionId = session.Id, PupilId = pupilId });
                }

                foreach (var staffId in started.EscortStaffIds.Distinct(StringComparer.Ordinal))
                {
                    session.Escorts.Add(new SessionEscort { SessionId = session.Id, StaffId = staffId });
                }

                db.Sessions.Add(session);
                sessions.Add(session.Id, session);
                break;

            case EdgeEvent.BodyOneofCase.SessionEnded:
                var ended = edgeEvent.SessionEnded;
                if (!sessions.TryGetValue(ended.SessionId, out var open))
                {
                    logger.LogWarning("Edge {EdgeId} ended session {SessionId} that it never started (sequence {Sequence}); stored only.", edge.Id, ended.SessionId, edgeEvent.Sequence);
                    return;
                }

                open.EndedAt = occurredAt;
                open.EndReason = ProtoMapping.ToRecord(ended.Reason);
                open.ActualSeconds = ended.ActualSeconds;
                open.EndedByStaffId = string.IsNullOrEmpty(ended.EndedByStaffId) ? null : ended.EndedByStaffId;
                break;

            // A group's later pupils and escorts belong to the session's journal entry (D-JOURNAL) like its first ones.
            case EdgeEvent.BodyOneofCase.PupilJoined when Running(edge, edgeEvent, edgeEvent.PupilJoined.SessionId, sessions) is { } grown:
                var pupil = edgeEvent.PupilJoined;
                if (!grown.Pupils.Exists(p => p.PupilId == pupil.PupilId)) grown.Pupils.Add(new SessionPupil { SessionId = grown.Id, PupilId = pupil.PupilId });
                if (grown.ProgrammeEntryId is null && !string.IsNullOrEmpty(pupil.ProgrammeEntryId)) grown.ProgrammeEntryId = pupil.ProgrammeEntryId;
                break;

            case EdgeEvent.BodyOneofCase.EscortJoined when Running(edge, edgeEvent, edgeEvent.EscortJoined.SessionId, sessions) is { } escorted:
                var escort = edgeEvent.EscortJoined;
                if (!escorted.Escorts.Exists(x => x.StaffId == escort.StaffId)) escorted.Escorts.Add(new SessionEscort { SessionId = escorted.Id, StaffId = escort.StaffId });
                break;

            case EdgeEvent.BodyOneofCase.SessionExtended when Running(edge, edgeEvent, edgeEvent.SessionExtended.SessionId, sessions) is { } extended:
                extended.PlannedMinutes = edgeEvent.SessionExtended.PlannedMinutes;
                break;

            case EdgeEvent.BodyOneofCase.SessionReplanned when Running(edge, edgeEvent, edgeEvent.SessionReplanned.SessionId, sessions) is { } replanned:
                var plan = edgeEvent.SessionReplanned;
                replanned.Kind = ProtoMapping.ToRecord(plan.Kind);
                replanned.PlannedMinutes = plan.PlannedMinutes;
                replanned.PlannedLimitedBy = NullIfEmpty(plan.PlannedLimitedBy);
                replanned.Brightness = plan.Brightness;
                replanned.ColorTempMireds = plan.ColorTempMireds;
                break;

            // Rule decisions (badge_refused with any reason, rule_overridden, rule_warned) and every other kind are
            // stored raw only, under their kind's name: a reason or event newer than this server is kept, never rejected.
        }
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>The stored session an event changes; an event for a session never started is stored only, with a warning.</summary>
    private Session? Running(Edge edge, EdgeEvent edgeEvent, string sessionId, Dictionary<string, Session> sessions)
    {
        if (sessions.TryGetValue(sessionId, out var session)) return session;
        logger.LogWarning("Edge {EdgeId} sent {Kind} for session {SessionId} that it never started (sequence {Sequence}); stored only.", edge.Id, edgeEvent.BodyCase, sessionId, edgeEvent.Sequence);
        return null;
    }
}
