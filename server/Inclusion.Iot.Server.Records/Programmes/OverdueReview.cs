namespace Inclusion.Iot.Server.Records.Programmes;

/// <summary>A programme whose review is overdue: ids only (the names stay with the pupil's record).</summary>
public sealed record OverdueReview(string ProgrammeId, string PupilId, DateOnly NextReviewOn, DateOnly PeriodEnd, int DaysOverdue);
