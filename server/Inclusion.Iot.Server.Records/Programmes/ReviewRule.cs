namespace Inclusion.Iot.Server.Records.Programmes;

/// <summary>D-IPR: a programme is reviewed at least twice a year.</summary>
public static class ReviewRule
{
    public const int MonthsBetweenReviews = 6;

    /// <summary>
    /// The next review: six months after the last (after the period's start before the first review), never later than
    /// the period's end. <see cref="DateOnly.AddMonths"/> clamps to the month's last day (31 August → 28/29 February).
    /// </summary>
    public static DateOnly NextReviewDue(DateOnly? lastReviewedOn, DateOnly periodStart, DateOnly periodEnd)
    {
        var due = (lastReviewedOn ?? periodStart).AddMonths(MonthsBetweenReviews);
        return due > periodEnd ? periodEnd : due;
    }

    /// <summary>Days the review is overdue on <paramref name="today"/> (the organisation's day); null when it is not overdue or the period has ended.</summary>
    public static int? DaysOverdue(DateOnly nextReviewOn, DateOnly periodEnd, DateOnly today) =>
        nextReviewOn < today && periodEnd >= today ? today.DayNumber - nextReviewOn.DayNumber : null;
}
