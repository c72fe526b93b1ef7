namespace Inclusion.Iot.Server.Records.Audit;

/// <summary>
/// Who acts, as plain values the caller (an endpoint behind its authorization policy, a command, a job) passes in:
/// the account id (or <see cref="SystemActor"/>), its role, the organisation acted on and where the action came from
/// (the remote address, <see cref="CommandOrigin"/> or <see cref="JobOrigin"/>).
/// </summary>
public sealed record AuditActor(string Actor, string Role, string? OrganisationId, string Origin)
{
    public const string SystemActor = "system";

    public const string CommandOrigin = "command";

    public const string JobOrigin = "job";

    /// <summary>The server itself: a scheduled job (<see cref="JobOrigin"/>) or a maintenance command.</summary>
    public static AuditActor System(string? organisationId, string origin = JobOrigin) => new(SystemActor, SystemActor, organisationId, origin);
}
