namespace Inclusion.Iot.Server.Data;

/// <summary>What an audited actor did; stored by name (never reorder-sensitive), part of the entry's hash.</summary>
public enum AuditAction
{
    Read,
    Create,
    Update,
    Delete,
    Purge,
    Export,
    Review,
    SignIn,
    SignOut,
    SignInFailed,
}
