namespace Inclusion.Iot.Server.Data;

/// <summary>
/// A person who signs in to the server's web side. Belongs to one organisation, or (a network coordinator) to one
/// network. The password is kept only as a hash; an account signed in through the school's identity provider may have none.
/// </summary>
public sealed class Account
{
    public int Id { get; set; }

    /// <summary>Unique; compared as stored (the sign-in form trims it).</summary>
    public required string UserName { get; set; }

    /// <summary>The e-mail the school's identity provider sends, when it differs from the user name; unique when set.</summary>
    public string? Email { get; set; }

    public required string DisplayName { get; set; }

    public AccountRole Role { get; set; }

    /// <summary>Set for every role but <see cref="AccountRole.NetworkCoordinator"/>.</summary>
    public string? OrganisationId { get; set; }

    /// <summary>Set for <see cref="AccountRole.NetworkCoordinator"/> only.</summary>
    public string? NetworkId { get; set; }

    /// <summary>ASP.NET Core Identity's password hash format (PBKDF2); null: no local password.</summary>
    public string? PasswordHash { get; set; }

    /// <summary>Failed local sign-ins since the last success or the last lockout.</summary>
    public int FailedSignIns { get; set; }

    /// <summary>UTC; while in the future, sign-in is refused even with the right password.</summary>
    public DateTime? LockedUntil { get; set; }

    /// <summary>
    /// Changed whenever what a session of this account may do changes (password reset, disabled, role changed); a
    /// cookie or token carries the stamp it was issued with and is refused once it no longer matches.
    /// </summary>
    public string SecurityStamp { get; set; } = NewSecurityStamp();

    /// <summary>UTC; set while the account is disabled: no sign-in, and its sessions end.</summary>
    public DateTime? DisabledAt { get; set; }

    /// <summary>UTC of the last successful sign-in (password or school), when there was one.</summary>
    public DateTime? LastSignInAt { get; set; }

    public static string NewSecurityStamp() => Guid.NewGuid().ToString("N");
}
