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

    /// <summary>
    /// An action as a user or a query names it (its name, any case); empty means any action. False for anything else,
    /// numbers included, so that "3" is refused rather than read as the fourth action.
    /// </summary>
    public static bool TryParseAction(string? text, out AuditAction? action)
    {
        action = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!Enum.TryParse<AuditAction>(text, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(text, out _))
        {
            return false;
        }

        action = parsed;
        return true;
    }

    /// <summary>A text criterion: trimmed, and null when blank (no criterion).</summary>
    public static string? Criterion(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
