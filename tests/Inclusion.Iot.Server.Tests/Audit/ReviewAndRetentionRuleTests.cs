using Inclusion.Iot.Server.Api.Records;
using Inclusion.Iot.Server.Records.Programmes;
using Inclusion.Iot.Server.Records.Retention;

namespace Inclusion.Iot.Server.Tests.Audit;

public sealed class ReviewAndRetentionRuleTests
{
    [Theory]
    [InlineData(null, "2026-09-01", "2027-05-31", "2027-03-01")]
    [InlineData("2026-11-10", "2026-09-01", "2027-05-31", "2027-05-10")]
    [InlineData("2027-01-15", "2026-09-01", "2027-05-31", "2027-05-31")]
    [InlineData("2026-08-31", "2026-08-31", "2028-08-31", "2027-02-28")]
    [InlineData("2027-08-31", "2026-08-31", "2028-08-31", "2028-02-29")]
    public void D_IPR_the_next_review_is_six_months_after_the_last_capped_at_the_periods_end(string? last, string start, string end, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), ReviewRule.NextReviewDue(
            last is null ? null : DateOnly.Parse(last, System.Globalization.CultureInfo.InvariantCulture),
            DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture),
            DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void D_IPR_a_review_is_overdue_from_the_day_after_it_was_due_until_the_period_ends()
    {
        var due = new DateOnly(2026, 11, 24);
        var end = new DateOnly(2027, 5, 31);
        Assert.Null(ReviewRule.DaysOverdue(due, end, due));
        Assert.Equal(1, ReviewRule.DaysOverdue(due, end, due.AddDays(1)));
        Assert.Equal(188, ReviewRule.DaysOverdue(due, end, end));
        Assert.Null(ReviewRule.DaysOverdue(due, end, end.AddDays(1)));
    }

    [Fact]
    public void D_IPR_a_programme_is_kept_through_the_day_three_years_after_its_end_and_purged_the_day_after()
    {
        var end = new DateOnly(2023, 5, 31);
        Assert.False(RetentionRule.Expired(end, new DateOnly(2026, 5, 31)));
        Assert.True(RetentionRule.Expired(end, new DateOnly(2026, 6, 1)));
    }

    [Fact]
    public void D_IPR_a_period_ending_on_a_leap_day_is_kept_through_28_February_three_years_on()
    {
        var end = new DateOnly(2024, 2, 29);
        Assert.Equal(new DateOnly(2027, 2, 28), RetentionRule.KeptThrough(end));
        Assert.False(RetentionRule.Expired(end, new DateOnly(2027, 2, 28)));
        Assert.True(RetentionRule.Expired(end, new DateOnly(2027, 3, 1)));
    }

    [Fact]
    public void An_expired_programme_goes_but_a_newer_programme_keeps_its_pupil_and_a_pupil_whose_programmes_all_expired_goes()
    {
        var today = new DateOnly(2026, 11, 24);
        var selection = RetentionRule.Select(
        [
            new RetainedProgramme("ipr-old", "p-both", new DateOnly(2022, 6, 30)),
            new RetainedProgramme("ipr-new", "p-both", new DateOnly(2026, 6, 30)),
            new RetainedProgramme("ipr-gone-1", "p-gone", new DateOnly(2021, 6, 30)),
            new RetainedProgramme("ipr-gone-2", "p-gone", new DateOnly(2023, 11, 23)),
            new RetainedProgramme("ipr-edge", "p-edge", new DateOnly(2023, 11, 24)),
        ], today);
        Assert.Equal(["ipr-gone-1", "ipr-gone-2", "ipr-old"], selection.ProgrammeIds);
        Assert.Equal(["p-gone"], selection.PupilIds);
        Assert.True(RetentionRule.Select([], today).IsEmpty);
    }

    [Theory]
    [InlineData("00:00:30", "00:02:00", "Retention:Interval must be 00:01:00..7.00:00:00 (it is 00:00:30).")]
    [InlineData("8.00:00:00", "00:02:00", "Retention:Interval must be 00:01:00..7.00:00:00 (it is 8.00:00:00).")]
    [InlineData("1.00:00:00", "-00:00:01", "Retention:FirstRunDelay must be 00:00:00..1.00:00:00 (it is -00:00:01).")]
    public void Unusable_retention_settings_are_refused_naming_the_key(string interval, string firstRun, string message)
    {
        var result = new RetentionOptionsValidation().Validate(null, new RetentionOptions
        {
            Interval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture),
            FirstRunDelay = TimeSpan.Parse(firstRun, System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.True(result.Failed);
        Assert.Equal(message, result.FailureMessage);
        Assert.True(new RetentionOptionsValidation().Validate(null, new RetentionOptions { Interval = TimeSpan.FromHours(6) }).Succeeded);
    }
}
