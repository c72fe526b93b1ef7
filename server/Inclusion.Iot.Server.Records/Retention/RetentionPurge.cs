using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Audit;
using Inclusion.Iot.Server.Records.Configuration;
using Microsoft.EntityFrameworkCore;

namespace Inclusion.Iot.Server.Records.Retention;

/// <summary>
/// Purges what <see cref="RetentionRule"/> selects, one organisation per transaction. "Purged" means deleted:
/// <list type="bullet">
/// <item>a programme: its row and its entries (programme_entries);</item>
/// <item>a pupil: the row (full name, display name, badge hash, sensory profile, support needs), its schedule slots and
/// staff assignments. Nothing keeps a foreign key to a pupil except those, so nothing is anonymised in place.</item>
/// </list>
/// What stays is pseudonymous statistics: sessions (session_pupils keeps the pupil's id, sessions the programme entry's
/// id they fulfilled), occupancy, decisions and raw events, which hold ids only; and the audit log's entries, ids only.
/// Every purged programme and pupil gets an audit entry (action Purge, actor system, origin job) in the same
/// transaction; the deletes bump the organisation's configuration version, so its edges pull a snapshot without the pupil.
/// </summary>
public sealed class RetentionPurge(ServerDbContext db, TimeProvider time, AuditLog audit) : IRetentionPurge
{
    public async Task<RetentionSummary> PurgeAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var organisations = await db.Organisations.AsNoTracking().OrderBy(o => o.Id).Select(o => new { o.Id, o.TimeZone })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        int programmes = 0, pupils = 0, touched = 0;
        foreach (var organisation in organisations)
        {
            var today = OrganisationCalendar.Today(now, organisation.TimeZone);
            var retained = await db.Programmes.AsNoTracking().Where(p => p.OrganisationId == organisation.Id)
                .Select(p => new RetainedProgramme(p.Id, p.PupilId, p.PeriodEnd))
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            var selection = RetentionRule.Select(retained, today);
            if (selection.IsEmpty)
            {
                continue;
            }

            var ends = retained.ToDictionary(p => p.ProgrammeId, p => p.PeriodEnd, StringComparer.Ordinal);
            await PurgeAsync(organisation.Id, selection, ends, cancellationToken).ConfigureAwait(false);
            programmes += selection.ProgrammeIds.Count;
            pupils += selection.PupilIds.Count;
            touched++;
        }

        return new RetentionSummary(programmes, pupils, touched);
    }

    private async Task PurgeAsync(string organisationId, RetentionSelection selection, Dictionary<string, DateOnly> ends, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var programmeIds = selection.ProgrammeIds.ToList();
        var pupilIds = selection.PupilIds.ToList();
        db.ProgrammeEntries.RemoveRange(await db.ProgrammeEntries.Where(e => programmeIds.Contains(e.ProgrammeId)).ToListAsync(cancellationToken).ConfigureAwait(false));
        db.Programmes.RemoveRange(await db.Programmes.Where(p => programmeIds.Contains(p.Id)).ToListAsync(cancellationToken).ConfigureAwait(false));
        db.ScheduleSlots.RemoveRange(await db.ScheduleSlots.Where(s => pupilIds.Contains(s.PupilId)).ToListAsync(cancellationToken).ConfigureAwait(false));
        db.StaffAssignments.RemoveRange(await db.StaffAssignments.Where(a => pupilIds.Contains(a.PupilId)).ToListAsync(cancellationToken).ConfigureAwait(false));
        db.Pupils.RemoveRange(await db.Pupils.Where(p => pupilIds.Contains(p.Id)).ToListAsync(cancellationToken).ConfigureAwait(false));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);

        var actor = AuditActor.System(organisationId);
        foreach (var id in programmeIds)
        {
            var end = ends[id];
            await audit.AppendAsync(actor, AuditAction.Purge, AuditSubject.Programme, id,
                $"retention: period ended {end:yyyy-MM-dd}, kept through {RetentionRule.KeptThrough(end):yyyy-MM-dd}", cancellationToken).ConfigureAwait(false);
        }

        foreach (var id in pupilIds)
        {
            await audit.AppendAsync(actor, AuditAction.Purge, AuditSubject.Pupil, id,
                "retention: no programme left within retention; identifying data deleted", cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
    }
}
