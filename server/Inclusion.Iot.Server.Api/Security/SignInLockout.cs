using Inclusion.Iot.Server.Data;

namespace Inclusion.Iot.Server.Api.Security;

public enum SignInOutcome
{
    Succeeded,

    /// <summary>Unknown user or wrong password: the caller is never told which.</summary>
    WrongCredentials,

    LockedOut,

    /// <summary>The right password for an account that an administrator disabled.</summary>
    Disabled,
}

/// <summary>
/// The lockout rule, pure: after <see cref="AccountOptions.MaxFailedSignIns"/> failures in a row the account is locked
/// for <see cref="AccountOptions.LockoutMinutes"/>; while locked even the right password is refused (and does not
/// count); a success clears the count; the lock ends by time alone.
/// </summary>
public static class SignInLockout
{
    public static bool IsLocked(Account account, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(account);
        return account.LockedUntil is { } until && until > nowUtc;
    }

    /// <summary>Applies one sign-in attempt to <paramref name="account"/> and says how it ended.</summary>
    public static SignInOutcome Attempt(Account account, bool passwordMatches, DateTime nowUtc, AccountOptions options)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(options);
        if (IsLocked(account, nowUtc))
        {
            return SignInOutcome.LockedOut;
        }

        if (account.LockedUntil is not null)
        {
            // The lock has run out: a fresh count.
            account.LockedUntil = null;
            account.FailedSignIns = 0;
        }

        if (passwordMatches)
        {
            account.FailedSignIns = 0;
            return SignInOutcome.Succeeded;
        }

        account.FailedSignIns++;
        if (account.FailedSignIns >= options.MaxFailedSignIns)
        {
            account.LockedUntil = nowUtc.AddMinutes(options.LockoutMinutes);
            account.FailedSignIns = 0;
            return SignInOutcome.LockedOut;
        }

        return SignInOutcome.WrongCredentials;
    }
}
