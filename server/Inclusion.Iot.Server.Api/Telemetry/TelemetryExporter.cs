using Google.Protobuf;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Server.Api.Telemetry;

/// <summary>What one <see cref="TelemetryExporter.ExportNextAsync"/> did.</summary>
/// <param name="Read">Raw events taken past the cursor (exported, skipped or malformed).</param>
/// <param name="Written">Points written (one per exported event).</param>
/// <param name="Malformed">Raw events whose payload is not an EdgeEvent, skipped.</param>
/// <param name="Cursor">The durable cursor afterwards: the last raw event id done.</param>
/// <param name="Full">A whole batch was read: more may be waiting, export again at once.</param>
public sealed record TelemetryBatchResult(int Read, int Written, int Malformed, long Cursor, bool Full);

/// <summary>
/// Follows the raw event log into the time-series database, one batch per call: reads up to <c>BatchSize</c> raw
/// events after the durable cursor (table <c>telemetry_cursor</c>) in id order, turns the exported kinds into points
/// (<see cref="TelemetryPoints"/>), writes them in one request, and only then moves the cursor past the batch. A
/// failed write throws and leaves the cursor where it was, so the same batch is written again next time (the same
/// points: InfluxDB overwrites). Kinds not exported, and a payload that is not an EdgeEvent (logged once as an
/// error), are passed over with the batch.
/// <para>
/// Ids are assigned when a row is inserted, not when its transaction commits: on PostgreSQL two edges' uploads can
/// commit out of id order, so a missing id may still arrive. The batch stops before a gap in the ids until the row
/// after the gap is <see cref="GapGrace"/> old; a gap older than that is a rolled-back upload and is passed over.
/// </para>
/// </summary>
public sealed partial class TelemetryExporter(
    IServiceScopeFactory scopes,
    ITelemetryWriter writer,
    IOptions<TelemetryOptions> options,
    TimeProvider time,
    ILogger<TelemetryExporter> logger)
{
    /// <summary>How long a gap in the raw event ids is waited for before it counts as a rolled-back upload.</summary>
    public static readonly TimeSpan GapGrace = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<long> _reportedMalformed = [];

    /// <summary>Exports the next batch; throws (cursor unchanged) when the write or the records store fails.</summary>
    public async Task<TelemetryBatchResult> ExportNextAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ExportBatchAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<TelemetryBatchResult> ExportBatchAsync(CancellationToken cancellationToken)
    {
        var batchSize = options.Value.BatchSize;
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AccessScopeHolder>().UseSystem();
        var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
        var cursor = await db.TelemetryCursors.SingleOrDefaultAsync(c => c.Id == TelemetryCursor.InfluxDb, cancellationToken).ConfigureAwait(false);
        var after = cursor?.LastRawEventId ?? 0;
        var rows = await db.RawEvents.AsNoTracking()
            .Where(r => r.Id > after)
            .OrderBy(r => r.Id)
            .Take(batchSize)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var full = rows.Count == batchSize;
        rows = UpToYoungGap(rows, after);
        if (rows.Count == 0)
        {
            return new TelemetryBatchResult(0, 0, 0, after, Full: false);
        }

        var parsed = new List<(RawEvent Row, EdgeEvent Event)>(rows.Count);
        var malformed = 0;
        foreach (var row in rows)
        {
            try
            {
                parsed.Add((row, EdgeEvent.Parser.ParseFrom(row.Payload)));
            }
            catch (InvalidProtocolBufferException unreadable)
            {
                malformed++;
                if (_reportedMalformed.Add(row.Id))
                {
                    LogMalformed(logger, unreadable, row.Id, row.EdgeId, row.Sequence, row.Kind);
                }
            }
        }

        var rooms = await RoomsAsync(db, parsed.Select(p => p.Row.EdgeId), cancellationToken).ConfigureAwait(false);
        var sessions = await EndedSessionsAsync(db, parsed.Select(p => p.Event), cancellationToken).ConfigureAwait(false);
        var lines = new List<string>(parsed.Count);
        foreach (var (row, edgeEvent) in parsed)
        {
            if (!rooms.TryGetValue(row.EdgeId, out var room)) continue;
            var point = TelemetryPoints.For(edgeEvent, row.OccurredAt, room, id => sessions.GetValueOrDefault(id));
            if (point is not null) lines.Add(point.ToLineProtocol());
        }

        await writer.WriteAsync(lines, cancellationToken).ConfigureAwait(false);

        var last = rows[^1].Id;
        if (cursor is null)
        {
            cursor = new TelemetryCursor { Id = TelemetryCursor.InfluxDb };
            db.TelemetryCursors.Add(cursor);
        }

        cursor.LastRawEventId = last;
        cursor.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        _reportedMalformed.RemoveWhere(id => id <= last);
        LogExported(logger, rows.Count, lines.Count, last);
        return new TelemetryBatchResult(rows.Count, lines.Count, malformed, last, full && rows.Count == batchSize);
    }

    /// <summary>The rows before the first gap in the ids whose next row is younger than <see cref="GapGrace"/>.</summary>
    private List<RawEvent> UpToYoungGap(List<RawEvent> rows, long after)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var expected = after + 1;
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Id != expected && now - rows[i].ReceivedAt < GapGrace)
            {
                LogWaitingForGap(logger, expected, rows[i].Id - 1);
                return rows[..i];
            }

            expected = rows[i].Id + 1;
        }

        return rows;
    }

    /// <summary>Each edge's room and the room's organisation: the tags every point carries.</summary>
    private static async Task<Dictionary<string, TelemetryRoom>> RoomsAsync(ServerDbContext db, IEnumerable<string> edgeIds, CancellationToken cancellationToken)
    {
        var ids = edgeIds.Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0) return new Dictionary<string, TelemetryRoom>(StringComparer.Ordinal);
        var rooms = await db.Edges.AsNoTracking()
            .Where(e => ids.Contains(e.Id))
            .Select(e => new { e.Id, e.RoomId, e.Room!.OrganisationId })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rooms.ToDictionary(r => r.Id, r => new TelemetryRoom(r.OrganisationId, r.RoomId), StringComparer.Ordinal);
    }

    /// <summary>The session records of the batch's session_ended events: kind, final planned length and pupils.</summary>
    private static async Task<Dictionary<string, TelemetrySession>> EndedSessionsAsync(ServerDbContext db, IEnumerable<EdgeEvent> events, CancellationToken cancellationToken)
    {
        var ids = events.Where(e => e.BodyCase == EdgeEvent.BodyOneofCase.SessionEnded)
            .Select(e => e.SessionEnded.SessionId).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0) return new Dictionary<string, TelemetrySession>(StringComparer.Ordinal);
        var sessions = await db.Sessions.AsNoTracking()
            .Where(s => ids.Contains(s.Id))
            .Select(s => new { s.Id, s.Kind, s.PlannedMinutes, Pupils = s.Pupils.Count })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return sessions.ToDictionary(
            s => s.Id, s => new TelemetrySession(s.Kind.Name(), s.PlannedMinutes, s.Pupils), StringComparer.Ordinal);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Raw event {RawEventId} (edge {EdgeId}, sequence {Sequence}, kind {Kind}) is not a readable EdgeEvent; it is not exported to telemetry and the exporter moves past it.")]
    private static partial void LogMalformed(ILogger logger, Exception exception, long rawEventId, string edgeId, long sequence, string kind);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Telemetry: {Read} raw events done, {Written} points written, cursor at {Cursor}.")]
    private static partial void LogExported(ILogger logger, int read, int written, long cursor);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Telemetry: raw events {From}..{To} are not visible yet (an upload still committing); waiting for them.")]
    private static partial void LogWaitingForGap(ILogger logger, long from, long to);
}
