using Inclusion.Iot.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace Inclusion.Iot.Server.Records.Audit;

/// <summary>The audit log's search (newest first, paged by sequence) and the stream behind the CSV export.</summary>
public sealed class AuditQueries(ServerDbContext db)
{
    public const int MaxLimit = 500;

    /// <summary>
    /// Up to <paramref name="limit"/> entries matching <paramref name="filter"/>, newest first, with sequence below
    /// <paramref name="before"/> when given (the previous page's <see cref="AuditPage.NextBefore"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> outside 1..<see cref="MaxLimit"/>, or <paramref name="before"/> below 1.</exception>
    public async Task<AuditPage> SearchAsync(AuditFilter filter, int limit, long? before, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (limit is < 1 or > MaxLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"The page size must be 1..{MaxLimit}.");
        }

        if (before is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(before), before, "The continuation must be a sequence number of 1 or more.");
        }

        var query = Where(filter);
        if (before is { } sequence)
        {
            query = query.Where(e => e.Sequence < sequence);
        }

        // One more than asked: whether a next page exists without a second query.
        var rows = await query.OrderByDescending(e => e.Sequence).Take(limit + 1).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Count > limit
            ? new AuditPage(rows.Take(limit).ToList(), rows[limit - 1].Sequence)
            : new AuditPage(rows, null);
    }

    /// <summary>Every entry matching <paramref name="filter"/>, newest first, streamed from the database (for the CSV export).</summary>
    public IAsyncEnumerable<AuditEntry> StreamAsync(AuditFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return Where(filter).OrderByDescending(e => e.Sequence).AsAsyncEnumerable();
    }

    private IQueryable<AuditEntry> Where(AuditFilter filter)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (filter.OrganisationId is { } organisation)
        {
            query = query.Where(e => e.OrganisationId == organisation);
        }

        if (filter.Actor is { } actor)
        {
            query = query.Where(e => e.Actor == actor);
        }

        if (filter.Action is { } action)
        {
            query = query.Where(e => e.Action == action);
        }

        if (filter.SubjectKind is { } kind)
        {
            query = query.Where(e => e.SubjectKind == kind);
        }

        if (filter.SubjectId is { } subject)
        {
            query = query.Where(e => e.SubjectId == subject);
        }

        if (filter.From is { } from)
        {
            var utc = AuditHash.Truncate(from);
            query = query.Where(e => e.OccurredAt >= utc);
        }

        if (filter.To is { } to)
        {
            var utc = AuditHash.Truncate(to);
            query = query.Where(e => e.OccurredAt < utc);
        }

        return query;
    }
}
