using Inclusion.Iot.Server.Data;

namespace Inclusion.Iot.Server.Records.Audit;

/// <summary>
/// Which audit entries to list; every criterion that is set must hold. <see cref="From"/> is inclusive,
/// <see cref="To"/> exclusive, both UTC. The caller's authorization sets <see cref="OrganisationId"/> for anyone but a
/// server-wide administrator.
/// </summary>
public sealed record AuditFilter
{
    public string? OrganisationId { get; init; }

    public string? Actor { get; init; }

    public AuditAction? Action { get; init; }

    public string? SubjectKind { get; init; }

    public string? SubjectId { get; init; }

    public DateTime? From { get; init; }

    public DateTime? To { get; init; }
}
