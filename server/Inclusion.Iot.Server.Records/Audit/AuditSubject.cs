namespace Inclusion.Iot.Server.Records.Audit;

/// <summary>The subject kinds the records layer writes (an entry's <c>subject_kind</c>); the id beside it is pseudonymous.</summary>
public static class AuditSubject
{
    /// <summary>A programme, <c>ipr-…</c>.</summary>
    public const string Programme = "programme";

    /// <summary>A pupil, <c>p-…</c>.</summary>
    public const string Pupil = "pupil";

    /// <summary>The audit log itself (a search or an export of it).</summary>
    public const string Audit = "audit";

    /// <summary>A staff account (sign-in, roles).</summary>
    public const string Account = "account";
}
