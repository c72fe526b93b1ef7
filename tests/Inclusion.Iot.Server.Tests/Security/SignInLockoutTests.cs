using Inclusion.Iot.Server.Api.Networks;
using Inclusion.Iot.Server.Api.Security;
using Inclusion.Iot.Server.Data;
using Microsoft.Extensions.Time.Testing;

namespace Inclusion.Iot.Server.Tests.Security;

public sealed class SignInLockoutTests
{
    private static readonly AccountOptions Options = new() { MaxFailedSignIns = 3, LockoutMinutes = 10 };
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    private static Account NewAccount() => new() { UserName = "u", DisplayName = "U" };

    [Fact]
    public void The_last_allowed_failure_locks_for_the_lockout_time_and_the_right_password_is_refused_until_it_ends()
    {
        var account = NewAccount();
        Assert.Equal(SignInOutcome.WrongCredentials, SignInLockout.Attempt(account, false, Now, Options));
        Assert.Equal(SignInOutcome.WrongCredentials, SignInLockout.Attempt(account, false, Now, Options));
        Assert.Equal(SignInOutcome.LockedOut, SignInLockout.Attempt(account, false, Now, Options));
        Assert.Equal(Now.AddMinutes(10), account.LockedUntil);

        _time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        Assert.Equal(SignInOutcome.LockedOut, SignInLockout.Attempt(account, true, Now, Options));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(SignInLockout.IsLocked(account, Now));
        Assert.Equal(SignInOutcome.Succeeded, SignInLockout.Attempt(account, true, Now, Options));
        Assert.Null(account.LockedUntil);
        Assert.Equal(0, account.FailedSignIns);
    }

    [Fact]
    public void A_success_clears_the_count_so_failures_must_be_in_a_row()
    {
        var account = NewAccount();
        SignInLockout.Attempt(account, false, Now, Options);
        SignInLockout.Attempt(account, false, Now, Options);
        Assert.Equal(SignInOutcome.Succeeded, SignInLockout.Attempt(account, true, Now, Options));
        Assert.Equal(SignInOutcome.WrongCredentials, SignInLockout.Attempt(account, false, Now, Options));
        Assert.Equal(SignInOutcome.WrongCredentials, SignInLockout.Attempt(account, false, Now, Options));
        Assert.Null(account.LockedUntil);
    }

    [Fact]
    public void After_a_lock_has_run_out_the_count_starts_again()
    {
        var account = NewAccount();
        for (var i = 0; i < 3; i++)
        {
            SignInLockout.Attempt(account, false, Now, Options);
        }

        _time.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(SignInOutcome.WrongCredentials, SignInLockout.Attempt(account, false, Now, Options));
        Assert.Equal(1, account.FailedSignIns);
    }

    [Theory]
    [InlineData(0, 15, 60, "Accounts:MaxFailedSignIns")]
    [InlineData(5, 0, 60, "Accounts:LockoutMinutes")]
    [InlineData(5, 15, 0, "Accounts:TokenMinutes")]
    public void Account_options_out_of_range_fail_validation_naming_the_key(int failures, int lockout, int token, string key)
    {
        var result = new AccountOptionsValidation().Validate(null, new AccountOptions { MaxFailedSignIns = failures, LockoutMinutes = lockout, TokenMinutes = token });
        Assert.True(result.Failed);
        Assert.Contains(key, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://idp.school.example", "client", "Authority must be an absolute https URL")]
    [InlineData("not a url", "client", "Authority must be an absolute https URL")]
    [InlineData("https://idp.school.example", "", "ClientId is required")]
    public void School_sign_in_options_are_refused_unless_https_or_loopback_with_a_client_id(string authority, string clientId, string message)
    {
        var result = new SchoolSignInOptionsValidation().Validate(null, new SchoolSignInOptions { Authority = authority, ClientId = clientId });
        Assert.True(result.Failed);
        Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("https://idp.school.example")]
    [InlineData("http://127.0.0.1:5099")]
    public void School_sign_in_options_are_accepted_unset_on_https_or_on_loopback_http(string? authority)
    {
        Assert.True(new SchoolSignInOptionsValidation().Validate(null, new SchoolSignInOptions { Authority = authority, ClientId = "client" }).Succeeded);
    }

    [Theory]
    [InlineData("/network", "/network")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData(null, "/")]
    public void Only_local_return_urls_are_followed_after_sign_in(string? returnUrl, string expected) =>
        Assert.Equal(expected, SecurityExtensions.SafeReturnUrl(returnUrl));
}

public sealed class NetworkUsageTests
{
    [Fact]
    public void Sessions_and_occupied_minutes_are_counted_per_organisation_per_iso_week()
    {
        var organisations = new Dictionary<string, string> { ["a"] = "School A", ["b"] = "School B" };
        var rooms = new Dictionary<string, string> { ["ra1"] = "a", ["ra2"] = "a", ["rb"] = "b" };
        // Sunday 2026-11-29 belongs to the week of Monday 2026-11-23; Monday 2026-11-30 starts the next.
        var sunday = new DateTime(2026, 11, 29, 18, 0, 0, DateTimeKind.Utc);
        var monday = new DateTime(2026, 11, 30, 8, 0, 0, DateTimeKind.Utc);
        var weeks = NetworkUsage.Aggregate(
            organisations,
            rooms,
            [("ra1", sunday), ("ra2", sunday), ("ra1", monday), ("rb", monday), ("unknown-room", monday)],
            [("ra1", sunday, 90), ("ra2", sunday, 30), ("rb", monday, 1799)]);

        Assert.Equal(
            [
                new OrganisationWeek("a", "School A", new DateOnly(2026, 11, 30), 2, 1, 0),
                new OrganisationWeek("a", "School A", new DateOnly(2026, 11, 23), 2, 2, 2),
                new OrganisationWeek("b", "School B", new DateOnly(2026, 11, 30), 1, 1, 29),
            ],
            weeks);
    }

    [Theory]
    [InlineData("2026-11-30", "2026-11-30")]
    [InlineData("2026-12-06", "2026-11-30")]
    [InlineData("2026-12-02", "2026-11-30")]
    public void The_week_starts_on_monday(string day, string monday) =>
        Assert.Equal(DateOnly.Parse(monday, System.Globalization.CultureInfo.InvariantCulture), NetworkUsage.Monday(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));
}
