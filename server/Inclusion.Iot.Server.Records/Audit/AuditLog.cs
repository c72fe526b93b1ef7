using Inclusion.Iot.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace Inclusion.Iot.Server.Records.Audit;

/// <summary>
/// Appends to the hash-chained audit log on the caller's <see cref="ServerDbContext"/>. Inside the caller's
/// transaction when there is one, so a change and its entry commit (or roll back) together; in its own otherwise.
/// The entry is written with SQL, not through the change tracker: the caller's pending changes are neither saved nor
/// disturbed.
/// </summary>
public sealed class AuditLog(ServerDbContext db, TimeProvider time)
{
    public const int MaxDetailsLength = 500;

    public const int MaxFieldLength = 200;

    /// <summary>
    /// Appends one entry. Serialised with every other append: the first statement updates the single chain-head row,
    /// which takes its row lock until commit on PostgreSQL and the database's write lock on SQLite, so two appends
    /// cannot read the same head and the chain never forks.
    /// </summary>
    /// <exception cref="ArgumentException">An empty actor, role, subject kind or origin, or a value too long.</exception>
    public async Task<AuditEntry> AppendAsync(
        AuditActor actor, AuditAction action, string subjectKind, string? subjectId, string? details, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Require(actor.Actor, nameof(actor.Actor));
        Require(actor.Role, nameof(actor.Role));
        Require(actor.Origin, nameof(actor.Origin));
        Require(subjectKind, nameof(subjectKind));
        Limit(actor.OrganisationId, MaxFieldLength, nameof(actor.OrganisationId));
        Limit(subjectId, MaxFieldLength, nameof(subjectId));
        Limit(details, MaxDetailsLength, nameof(details));

        var own = db.Database.CurrentTransaction is null
            ? await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false)
            : null;
        try
        {
            var id = Data.AuditChainHead.SingleId;
            var moved = await db.Database.ExecuteSqlAsync(
                $"UPDATE audit_chain_head SET last_sequence = last_sequence + 1 WHERE id = {id}", cancellationToken).ConfigureAwait(false);
            if (moved != 1)
            {
                throw new InvalidOperationException("The audit chain head (audit_chain_head, id 1) is missing: the audit log cannot be appended to.");
            }

            var head = await db.AuditChainHead.AsNoTracking().SingleAsync(h => h.Id == id, cancellationToken).ConfigureAwait(false);
            var entry = new AuditEntry
            {
                Sequence = head.LastSequence,
                OccurredAt = AuditHash.Truncate(time.GetUtcNow().UtcDateTime),
                Actor = actor.Actor,
                ActorRole = actor.Role,
                OrganisationId = actor.OrganisationId,
                Action = action,
                SubjectKind = subjectKind,
                SubjectId = subjectId,
                Details = details,
                Origin = actor.Origin,
                PreviousHash = head.LastHash,
                Hash = string.Empty,
            };
            entry.Hash = AuditHash.Compute(entry);
            var actionName = entry.Action.ToString();
            await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO audit_entries (sequence, occurred_at, actor, actor_role, organisation_id, action, subject_kind, subject_id, details, origin, previous_hash, hash)
                VALUES ({entry.Sequence}, {entry.OccurredAt}, {entry.Actor}, {entry.ActorRole}, {entry.OrganisationId}, {actionName}, {entry.SubjectKind}, {entry.SubjectId}, {entry.Details}, {entry.Origin}, {entry.PreviousHash}, {entry.Hash})
                """,
                cancellationToken).ConfigureAwait(false);
            await db.Database.ExecuteSqlAsync(
                $"UPDATE audit_chain_head SET last_hash = {entry.Hash} WHERE id = {id}", cancellationToken).ConfigureAwait(false);
            if (own is not null)
            {
                await own.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            return entry;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static void Require(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"An audit entry needs a non-empty {name}.", name);
        }

        Limit(value, MaxFieldLength, name);
    }

    private static void Limit(string? value, int max, string name)
    {
        if (value is not null && value.Length > max)
        {
            throw new ArgumentException($"An audit entry's {name} is {value.Length} characters long; at most {max} are kept.", name);
        }
    }
}
