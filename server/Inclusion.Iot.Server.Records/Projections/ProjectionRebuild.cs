using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Incoming;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Inclusion.Iot.Server.Records.Projections;

/// <summary>
/// Rebuilds every projection from <c>raw_events</c>, in one transaction: the projection tables are cleared, then each
/// edge's raw events are replayed in sequence order, in chunks, through the same <see cref="ProjectionStep"/> live
/// ingest uses, with the times ingest placed them at (<c>occurred_at</c>, <c>clock_source</c>). Edges' rows (high-water,
/// clock anchor) are not projections and are left alone.
/// </summary>
public sealed class ProjectionRebuild(ServerDbContext db, IEventBodyDecoder decoder, ILogger<ProjectionRebuild> logger)
{
    public const int DefaultChunkSize = 5000;

    public async Task<RebuildSummary> RebuildAsync(CancellationToken cancellationToken, int chunkSize = DefaultChunkSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SessionPupils.ExecuteDeleteAsync(cancellationToken);
        await db.SessionEscorts.ExecuteDeleteAsync(cancellationToken);
        await db.Sessions.ExecuteDeleteAsync(cancellationToken);
        await db.OccupancyIntervals.ExecuteDeleteAsync(cancellationToken);
        await db.DeviceHealth.ExecuteDeleteAsync(cancellationToken);
        await db.Decisions.ExecuteDeleteAsync(cancellationToken);
        await db.Alerts.ExecuteDeleteAsync(cancellationToken);

        var step = new ProjectionStep(db, logger);
        var edges = await db.Edges.AsNoTracking().OrderBy(e => e.Id).Select(e => new { e.Id, e.RoomId }).ToListAsync(cancellationToken);
        long replayed = 0;
        var unreadable = 0;
        foreach (var edge in edges)
        {
            long after = 0;
            while (true)
            {
                var edgeId = edge.Id;
                var from = after;
                var chunk = await db.RawEvents.AsNoTracking().Where(r => r.EdgeId == edgeId && r.Sequence > from)
                    .OrderBy(r => r.Sequence).Take(chunkSize).ToListAsync(cancellationToken);
                if (chunk.Count == 0) break;
                var placed = new List<PlacedEvent>(chunk.Count);
                foreach (var row in chunk)
                {
                    EventBody body;
                    try
                    {
                        body = decoder.Decode(row.Kind, row.Payload);
                    }
                    catch (Exception failed) when (failed is not OperationCanceledException)
                    {
                        unreadable++;
                        logger.LogError(failed, "Raw event {RawEventId} (edge {EdgeId}, sequence {Sequence}, kind {Kind}) is not readable; the rebuild passes over it.", row.Id, row.EdgeId, row.Sequence, row.Kind);
                        body = OtherEvent.Instance;
                    }

                    placed.Add(new PlacedEvent(row.EdgeId, edge.RoomId, row.Sequence, row.OccurredAt, row.EdgeOccurredAt, row.ClockSource, body));
                }

                await step.ApplyAsync(placed, null, [], cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
                replayed += chunk.Count;
                after = chunk[^1].Sequence;
            }
        }

        var summary = new RebuildSummary(
            edges.Count,
            replayed,
            unreadable,
            await db.Sessions.CountAsync(cancellationToken),
            await db.OccupancyIntervals.CountAsync(cancellationToken),
            await db.DeviceHealth.CountAsync(cancellationToken),
            await db.Decisions.CountAsync(cancellationToken),
            await db.Alerts.CountAsync(cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Rebuilt the projections from {RawEvents} raw events of {Edges} edges.", replayed, edges.Count);
        return summary;
    }
}
