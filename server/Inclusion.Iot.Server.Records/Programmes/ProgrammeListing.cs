namespace Inclusion.Iot.Server.Records.Programmes;

/// <summary>
/// A pupil of the organisation with the current programme (the one whose period holds today, else the latest), its next
/// review and how many days it is overdue (D-IPR, <see cref="ReviewRule"/>); programme fields are null without one.
/// </summary>
public sealed record ProgrammeListing(
    string PupilId,
    string DisplayName,
    string FullName,
    int SupportLevel,
    string? ProgrammeId,
    DateOnly? PeriodStart,
    DateOnly? PeriodEnd,
    DateOnly? NextReviewOn,
    DateOnly? LastReviewedOn,
    int? DaysOverdue,
    int Services);
