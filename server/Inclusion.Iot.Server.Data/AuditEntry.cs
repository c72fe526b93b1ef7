namespace Inclusion.Iot.Server.Data;

/// <summary>
/// One entry of the append-only, hash-chained audit log (table <c>audit_entries</c>). Written only by the records
/// layer's <c>AuditLog.AppendAsync</c>, which numbers entries 1, 2, 3… without gaps and chains each to the one before:
/// <see cref="Hash"/> = SHA-256 over the canonical serialisation of every other field and <see cref="PreviousHash"/>
/// (the format is documented on <c>AuditHash</c>). Ids only: no pupil names or diagnoses in any field.
/// </summary>
public sealed class AuditEntry
{
    /// <summary>1, 2, 3… contiguous; the key.</summary>
    public long Sequence { get; set; }

    /// <summary>UTC, whole microseconds (what both providers store exactly).</summary>
    public DateTime OccurredAt { get; set; }

    /// <summary>An account id, or <c>system</c> for the server's own jobs and commands.</summary>
    public required string Actor { get; set; }

    public required string ActorRole { get; set; }

    /// <summary>The organisation the action concerns; null for server-wide actions.</summary>
    public string? OrganisationId { get; set; }

    public AuditAction Action { get; set; }

    /// <summary>e.g. <c>programme</c>, <c>pupil</c>, <c>audit</c>.</summary>
    public required string SubjectKind { get; set; }

    /// <summary>A pseudonymous id (<c>ipr-…</c>, <c>p-…</c>), never a name.</summary>
    public string? SubjectId { get; set; }

    /// <summary>A short note without pupil names.</summary>
    public string? Details { get; set; }

    /// <summary>The remote address, <c>command</c> or <c>job</c>.</summary>
    public required string Origin { get; set; }

    /// <summary>Lower-case hex SHA-256 of the previous entry; 64 zeros for entry 1.</summary>
    public required string PreviousHash { get; set; }

    /// <summary>Lower-case hex SHA-256 of this entry.</summary>
    public required string Hash { get; set; }
}
