using System.Globalization;
using System.Security.Claims;
using Inclusion.Iot.Server.Records.Audit;
using Inclusion.Iot.Server.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Server.Api.Security;

/// <summary>The result of a sign-in: the principal when it succeeded.</summary>
public sealed record SignInResult(SignInOutcome Outcome, ClaimsPrincipal? Principal = null);

/// <summary>
/// Local sign-in (the form and the token endpoint) and the mapping of a school identity provider's user to a local
/// account. Accounts are looked up before anyone is signed in, so this runs in a DI scope of its own, unscoped, and
/// never widens the caller's request scope. Passwords are checked with ASP.NET Core Identity's
/// <see cref="PasswordHasher{TUser}"/> (PBKDF2); an unknown user name costs one hash check too, so the time taken
/// does not tell which of the two was wrong.
/// </summary>
public sealed partial class AccountSignIn(IServiceScopeFactory scopes, IPasswordHasher<Account> hasher, TimeProvider time,
    IOptions<AccountOptions> options, ILogger<AccountSignIn> logger)
{
    private static readonly Account Nobody = new() { UserName = "-", DisplayName = "-" };

    // A hash of a random password, made once: what an unknown user name is checked against.
    private readonly Lazy<string> _decoyHash = new(() => hasher.HashPassword(Nobody, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24))));

    /// <summary>
    /// Checks a user name and password. A known account's attempt, whatever its outcome, is in the audit log
    /// (<see cref="AuditAction.SignIn"/> or <see cref="AuditAction.SignInFailed"/> with the outcome, from
    /// <paramref name="origin"/>, the caller's address); an unknown user name is only logged, as it names no one.
    /// </summary>
    public async Task<SignInResult> PasswordAsync(string? userName, string? password, string origin, CancellationToken cancellationToken)
    {
        var name = userName?.Trim() ?? string.Empty;
        password ??= string.Empty;
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AccessScopeHolder>().UseSystem();
        var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
        var account = name.Length == 0 ? null : await db.Accounts.SingleOrDefaultAsync(a => a.UserName == name, cancellationToken).ConfigureAwait(false);
        if (account is null)
        {
            hasher.VerifyHashedPassword(Nobody, _decoyHash.Value, password);
            LogRefused(logger, "unknown user");
            return new SignInResult(SignInOutcome.WrongCredentials);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var verified = account.PasswordHash is null || SignInLockout.IsLocked(account, now)
            ? PasswordVerificationResult.Failed
            : hasher.VerifyHashedPassword(account, account.PasswordHash, password);
        var outcome = SignInLockout.Attempt(account, verified != PasswordVerificationResult.Failed, now, options.Value);
        if (outcome == SignInOutcome.Succeeded && account.DisabledAt is not null)
        {
            // Said only after the right password: a guesser learns nothing about the account.
            outcome = SignInOutcome.Disabled;
        }

        if (outcome == SignInOutcome.Succeeded)
        {
            account.LastSignInAt = now;
        }

        if (verified == PasswordVerificationResult.SuccessRehashNeeded && outcome == SignInOutcome.Succeeded)
        {
            account.PasswordHash = hasher.HashPassword(account, password);
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        var actor = new AuditActor(account.Id.ToString(CultureInfo.InvariantCulture), account.Role.ToString(), account.OrganisationId, origin);
        await scope.ServiceProvider.GetRequiredService<AuditLog>().AppendAsync(
            actor, outcome == SignInOutcome.Succeeded ? AuditAction.SignIn : AuditAction.SignInFailed, AuditSubject.Account, actor.Actor,
            outcome == SignInOutcome.Succeeded ? "password" : $"password {outcome}", cancellationToken).ConfigureAwait(false);
        if (outcome != SignInOutcome.Succeeded)
        {
            LogRefusedAccount(logger, account.Id, outcome);
            return new SignInResult(outcome);
        }

        LogSignedIn(logger, account.Id, account.Role);
        return new SignInResult(outcome, AccessClaims.Principal(account));
    }

    /// <summary>
    /// The local account for a user the school's identity provider signed in (by e-mail or user name), if any; the
    /// sign-in (or its refusal for a locked account) is in the audit log.
    /// </summary>
    public async Task<Account?> ExternalAsync(string? identifier, string origin, CancellationToken cancellationToken)
    {
        var value = identifier?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AccessScopeHolder>().UseSystem();
        var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
        var account = await db.Accounts
            .FirstOrDefaultAsync(a => a.Email == value || a.UserName == value, cancellationToken).ConfigureAwait(false);
        if (account is null)
        {
            LogRefused(logger, "no local account for the school account");
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        SignInOutcome? refused = account.DisabledAt is not null ? SignInOutcome.Disabled
            : SignInLockout.IsLocked(account, now) ? SignInOutcome.LockedOut : null;
        if (refused is null)
        {
            account.LastSignInAt = now;
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        var actor = new AuditActor(account.Id.ToString(CultureInfo.InvariantCulture), account.Role.ToString(), account.OrganisationId, origin);
        await scope.ServiceProvider.GetRequiredService<AuditLog>().AppendAsync(
            actor, refused is null ? AuditAction.SignIn : AuditAction.SignInFailed, AuditSubject.Account, actor.Actor,
            refused is { } outcome ? $"school {outcome}" : "school", cancellationToken).ConfigureAwait(false);
        if (refused is { } why)
        {
            LogRefusedAccount(logger, account.Id, why);
            return null;
        }

        LogSignedIn(logger, account.Id, account.Role);
        return account;
    }

    /// <summary>The resource key of what a refused user is told.</summary>
    public static string RefusalKey(SignInOutcome outcome) => outcome switch
    {
        SignInOutcome.LockedOut => "SignIn_LockedOut",
        SignInOutcome.Disabled => "Accounts_SignInDisabled",
        _ => "SignIn_WrongCredentials",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in refused: {Reason}.")]
    private static partial void LogRefused(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in of account {AccountId} refused: {Outcome}.")]
    private static partial void LogRefusedAccount(ILogger logger, int accountId, SignInOutcome outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {AccountId} ({Role}) signed in.")]
    private static partial void LogSignedIn(ILogger logger, int accountId, AccountRole role);
}
