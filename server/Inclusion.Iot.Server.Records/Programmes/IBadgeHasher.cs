namespace Inclusion.Iot.Server.Records.Programmes;

/// <summary>
/// The badge hash the edge compares with what its reader reports (HMAC-SHA256 with the organisation's salt; the host's
/// <c>BadgeHash</c>). The records layer stores only its result: a badge's UID is never stored or logged.
/// </summary>
public interface IBadgeHasher
{
    /// <summary>Whether <paramref name="uid"/> is a badge UID as readers report it (hex digits; ':', '-' and ' ' ignored).</summary>
    bool IsWellFormed(string uid);

    byte[] Hash(ReadOnlySpan<byte> salt, string uid);
}
