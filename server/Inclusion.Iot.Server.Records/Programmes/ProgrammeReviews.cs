using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Audit;
using Inclusion.Iot.Server.Records.Configuration;
using Microsoft.EntityFrameworkCore;

namespace Inclusion.Iot.Server.Records.Programmes;

/// <summary>D-IPR reviews: which programmes are overdue today in the organisation's zone, and recording a review.</summary>
public sealed class ProgrammeReviews(ServerDbContext db, TimeProvider time, AuditLog audit)
{
    /// <summary>
    /// The organisation's programmes whose next review is before today (its own calendar day, <see cref="Organisation.TimeZone"/>)
    /// and whose period has not ended, most overdue first.
    /// </summary>
    /// <exception cref="ArgumentException">No organisation has the id.</exception>
    public async Task<IReadOnlyList<OverdueReview>> OverdueAsync(string organisationId, CancellationToken cancellationToken) =>
        await OverdueAsync(organisationId, await TodayAsync(organisationId, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>As <see cref="OverdueAsync(string, CancellationToken)"/> on a given day of the organisation (a report's "as of" day).</summary>
    public async Task<IReadOnlyList<OverdueReview>> OverdueAsync(string organisationId, DateOnly today, CancellationToken cancellationToken)
    {
        // Candidates in SQL (review before today, period not over); the rule itself decides.
        var candidates = await db.Programmes.AsNoTracking()
            .Where(p => p.OrganisationId == organisationId && p.NextReviewOn < today && p.PeriodEnd >= today)
            .Select(p => new { p.Id, p.PupilId, p.NextReviewOn, p.PeriodEnd })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return candidates
            .Select(p => (p, days: ReviewRule.DaysOverdue(p.NextReviewOn, p.PeriodEnd, today)))
            .Where(x => x.days is not null)
            .Select(x => new OverdueReview(x.p.Id, x.p.PupilId, x.p.NextReviewOn, x.p.PeriodEnd, x.days!.Value))
            .OrderByDescending(r => r.DaysOverdue).ThenBy(r => r.ProgrammeId, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Records that the programme was reviewed on <paramref name="reviewedOn"/>: the next review moves to
    /// <see cref="ReviewRule.NextReviewDue"/>, and the change and its audit entry (action Review) commit together.
    /// </summary>
    /// <exception cref="ArgumentException">No such programme in the actor's organisation, or a day outside its period or in the future.</exception>
    public async Task<Programme> RecordReviewAsync(AuditActor actor, string programmeId, DateOnly reviewedOn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var programme = await db.Programmes.SingleOrDefaultAsync(p => p.Id == programmeId && p.OrganisationId == actor.OrganisationId, cancellationToken).ConfigureAwait(false)
            ?? throw new ArgumentException($"No programme '{programmeId}' in organisation '{actor.OrganisationId}'.", nameof(programmeId));
        var today = await TodayAsync(programme.OrganisationId, cancellationToken).ConfigureAwait(false);
        if (reviewedOn < programme.PeriodStart || reviewedOn > programme.PeriodEnd || reviewedOn > today)
        {
            throw new ArgumentException($"A review on {reviewedOn:yyyy-MM-dd} is outside the programme's period {programme.PeriodStart:yyyy-MM-dd}..{programme.PeriodEnd:yyyy-MM-dd} or after today ({today:yyyy-MM-dd}).", nameof(reviewedOn));
        }

        programme.LastReviewedOn = reviewedOn;
        // The edit form's read of the programme is now out of date (optimistic concurrency, ProgrammeRecords).
        programme.Version++;
        programme.NextReviewOn = ReviewRule.NextReviewDue(reviewedOn, programme.PeriodStart, programme.PeriodEnd);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await audit.AppendAsync(actor, AuditAction.Review, AuditSubject.Programme, programme.Id,
            $"reviewed {reviewedOn:yyyy-MM-dd}, next review {programme.NextReviewOn:yyyy-MM-dd}", cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return programme;
    }

    private async Task<DateOnly> TodayAsync(string organisationId, CancellationToken cancellationToken)
    {
        var zone = await db.Organisations.AsNoTracking().Where(o => o.Id == organisationId).Select(o => o.TimeZone)
            .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new ArgumentException($"No organisation '{organisationId}'.", nameof(organisationId));
        return OrganisationCalendar.Today(time.GetUtcNow(), zone);
    }
}
