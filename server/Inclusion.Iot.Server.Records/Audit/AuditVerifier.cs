using Inclusion.Iot.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace Inclusion.Iot.Server.Records.Audit;

/// <summary>
/// Walks the audit chain in sequence order (streamed, not loaded whole) and reports the first break:
/// <list type="bullet">
/// <item>a sequence gap (an entry was deleted): broken at the first missing sequence;</item>
/// <item>a previous-hash mismatch (an entry was replaced or re-hashed after an edit): broken at the entry holding it;</item>
/// <item>a hash mismatch (an entry's field was edited): broken at that entry;</item>
/// <item>the chain head (audit_chain_head) naming a later sequence or another hash than the last entry (the tail was
/// deleted, or the head edited): broken at the entry after the last one found.</item>
/// </list>
/// </summary>
public sealed class AuditVerifier(ServerDbContext db)
{
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        long expected = 1;
        var previous = Data.AuditChainHead.GenesisHash;
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (entry.Sequence != expected)
            {
                return new AuditVerification(expected - 1, expected,
                    $"sequence gap: entry #{expected} is missing (the next stored entry is #{entry.Sequence}); an entry was deleted");
            }

            if (!string.Equals(entry.PreviousHash, previous, StringComparison.Ordinal))
            {
                return new AuditVerification(expected - 1, expected,
                    $"previous-hash mismatch: the entry names {entry.PreviousHash}, entry #{expected - 1} hashes to {previous}");
            }

            var hash = AuditHash.Compute(entry);
            if (!string.Equals(entry.Hash, hash, StringComparison.Ordinal))
            {
                return new AuditVerification(expected - 1, expected,
                    $"hash mismatch: stored {entry.Hash}, computed {hash}; the entry was edited");
            }

            previous = entry.Hash;
            expected++;
        }

        var last = expected - 1;
        var head = await db.AuditChainHead.AsNoTracking().SingleOrDefaultAsync(h => h.Id == Data.AuditChainHead.SingleId, cancellationToken).ConfigureAwait(false);
        if (head is null)
        {
            return new AuditVerification(last, last + 1, "the chain head (audit_chain_head) is missing");
        }

        if (head.LastSequence != last)
        {
            return new AuditVerification(last, last + 1,
                $"truncated: the chain head records {head.LastSequence} entries, the last stored entry is #{last}; entries at the end were deleted");
        }

        if (!string.Equals(head.LastHash, previous, StringComparison.Ordinal))
        {
            return new AuditVerification(last, last + 1,
                $"chain head mismatch: the head records hash {head.LastHash}, entry #{last} hashes to {previous}");
        }

        return new AuditVerification(last, null, null);
    }
}
