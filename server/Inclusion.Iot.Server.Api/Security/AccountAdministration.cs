using System.Globalization;
using System.Security.Cryptography;
using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Inclusion.Iot.Server.Api.Security;

/// <summary>
/// Making and changing accounts, in one place for the <c>create-account</c> command (IT staff, system scope) and the
/// <c>/accounts</c> page (an organisation's administrator, in their scope): a random password shown once (only its
/// hash is kept), a reset that lifts a lockout, disabling and enabling, a role change. Each change is saved with its
/// audit entry in one transaction (never a password in the note), and changes the account's security stamp when a
/// session's rights change, so the account's open sessions end. An organisation is never left without an enabled
/// administrator.
/// </summary>
public sealed class AccountAdministration(ServerDbContext db, AuditLog audit, IPasswordHasher<Account> hasher, TimeProvider time)
{
    /// <summary>The roles an organisation's administrator may give (never a network coordinator).</summary>
    public static readonly IReadOnlyList<AccountRole> OrganisationRoles = [AccountRole.Administrator, AccountRole.Specialist, AccountRole.Auditor];

    public const int MaxUserNameLength = 100;

    /// <summary>20 random characters from a 56-letter alphabet without look-alikes (about 116 bits).</summary>
    public static string NewPassword() => RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 20);

    /// <summary>
    /// A new account with a random password (returned here only). A coordinator belongs to <see cref="NewAccount.NetworkId"/>,
    /// any other role to <see cref="NewAccount.OrganisationId"/>; that place must exist (in the caller's scope).
    /// </summary>
    /// <exception cref="AccountRefusedException">A taken or invalid user name, an unknown organisation or network.</exception>
    public async Task<IssuedPassword> CreateAsync(NewAccount request, AuditActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var userName = request.UserName?.Trim() ?? string.Empty;
        if (userName.Length is 0 or > MaxUserNameLength || userName.Any(char.IsWhiteSpace) || !Enum.IsDefined(request.Role))
        {
            throw new AccountRefusedException(AccountRefusal.InvalidUserName, $"'{userName}' is not a valid user name: 1-{MaxUserNameLength} characters without spaces.");
        }

        var coordinator = request.Role == AccountRole.NetworkCoordinator;
        var place = (coordinator ? request.NetworkId : request.OrganisationId)?.Trim();
        var exists = !string.IsNullOrEmpty(place) && (coordinator
            ? await db.Networks.AnyAsync(n => n.Id == place, cancellationToken)
            : await db.Organisations.AnyAsync(o => o.Id == place, cancellationToken));
        if (!exists)
        {
            throw new AccountRefusedException(AccountRefusal.NoPlace, $"There is no {(coordinator ? "network" : "organisation")} '{place}'.");
        }

        var email = string.IsNullOrWhiteSpace(request.Email) ? null : request.Email.Trim();
        // User names (and e-mails) are unique across the installation, not per organisation: checked past the filters.
        if (await db.Accounts.IgnoreQueryFilters().AnyAsync(a => a.UserName == userName || (email != null && a.Email == email), cancellationToken))
        {
            throw new AccountRefusedException(AccountRefusal.UserNameTaken, $"There is already an account '{userName}'.");
        }

        var account = new Account
        {
            UserName = userName,
            DisplayName = string.IsNullOrWhiteSpace(request.DisplayName) ? userName : request.DisplayName.Trim(),
            Email = email,
            Role = request.Role,
            OrganisationId = coordinator ? null : place,
            NetworkId = coordinator ? place : null,
        };
        var password = NewPassword();
        account.PasswordHash = hasher.HashPassword(account, password);
        db.Accounts.Add(account);
        try
        {
            await SaveAsync(account, actor, AuditAction.Create, $"created as {account.Role}", cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another request took the name between the check and the insert (the unique index refused it).
            db.Entry(account).State = EntityState.Detached;
            throw new AccountRefusedException(AccountRefusal.UserNameTaken, $"There is already an account '{userName}'.");
        }

        return new IssuedPassword(account, password);
    }

    /// <summary>A new random password (returned here only); the lockout is lifted and the account's sessions end.</summary>
    public async Task<IssuedPassword> ResetPasswordAsync(Account account, AuditActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var password = NewPassword();
        account.PasswordHash = hasher.HashPassword(account, password);
        account.FailedSignIns = 0;
        account.LockedUntil = null;
        account.SecurityStamp = Account.NewSecurityStamp();
        await SaveAsync(account, actor, AuditAction.Update, "password reset, lockout lifted", cancellationToken);
        return new IssuedPassword(account, password);
    }

    /// <summary>Disables (no sign-in, its sessions end) or enables the account; nothing happens if it already is.</summary>
    /// <exception cref="AccountRefusedException">Disabling the organisation's last enabled administrator.</exception>
    public async Task SetDisabledAsync(Account account, bool disabled, AuditActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        if ((account.DisabledAt is not null) == disabled)
        {
            return;
        }

        if (disabled)
        {
            await RefuseLastAdministratorAsync(account, cancellationToken);
        }

        account.DisabledAt = disabled ? time.GetUtcNow().UtcDateTime : null;
        account.SecurityStamp = Account.NewSecurityStamp();
        await SaveAsync(account, actor, AuditAction.Update, disabled ? "disabled" : "enabled", cancellationToken);
    }

    /// <summary>Gives the account another organisation role; its sessions end.</summary>
    /// <exception cref="AccountRefusedException">Not an organisation role, or demoting the last enabled administrator.</exception>
    public async Task ChangeRoleAsync(Account account, AccountRole role, AuditActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (!OrganisationRoles.Contains(role) || account.OrganisationId is null)
        {
            throw new AccountRefusedException(AccountRefusal.RoleNotAllowed, $"Role {role} cannot be given here.");
        }

        if (account.Role == role)
        {
            return;
        }

        if (account.Role == AccountRole.Administrator)
        {
            await RefuseLastAdministratorAsync(account, cancellationToken);
        }

        var previous = account.Role;
        account.Role = role;
        account.SecurityStamp = Account.NewSecurityStamp();
        await SaveAsync(account, actor, AuditAction.Update, $"role {previous} -> {role}", cancellationToken);
    }

    private async Task RefuseLastAdministratorAsync(Account account, CancellationToken cancellationToken)
    {
        if (account.Role != AccountRole.Administrator || account.DisabledAt is not null || account.OrganisationId is null)
        {
            return;
        }

        var others = await db.Accounts.IgnoreQueryFilters().CountAsync(a => a.OrganisationId == account.OrganisationId
            && a.Role == AccountRole.Administrator && a.DisabledAt == null && a.Id != account.Id, cancellationToken);
        if (others == 0)
        {
            throw new AccountRefusedException(AccountRefusal.LastAdministrator, $"Account {account.UserName} is the organisation's last administrator.");
        }
    }

    private async Task SaveAsync(Account account, AuditActor actor, AuditAction action, string note, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(actor, action, AuditSubject.Account, account.Id.ToString(CultureInfo.InvariantCulture), note, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}

/// <summary>What a new account is to be.</summary>
public sealed record NewAccount(string? UserName, string? DisplayName, string? Email, AccountRole Role, string? OrganisationId, string? NetworkId = null);

/// <summary>An account and the password just given to it: shown once, never stored in clear.</summary>
public sealed record IssuedPassword(Account Account, string Password);

public enum AccountRefusal
{
    InvalidUserName,
    UserNameTaken,
    NoPlace,
    RoleNotAllowed,
    LastAdministrator,
}

public sealed class AccountRefusedException : Exception
{
    public AccountRefusedException()
    {
    }

    public AccountRefusedException(string message) : base(message)
    {
    }

    public AccountRefusedException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public AccountRefusedException(AccountRefusal refusal, string message) : base(message) => Refusal = refusal;

    public AccountRefusal Refusal { get; }
}
