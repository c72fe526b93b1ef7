namespace Inclusion.Iot.Server.Data;

/// <summary>
/// An edge's identity on the gateway: the pending one-time enrolment code (only its SHA-256 is kept) and the client
/// certificate the installation's CA issued when the edge enrolled. One row per edge: a new enrolment replaces the
/// certificate, so an older certificate no longer maps to the edge.
/// </summary>
public sealed class EdgeCredential
{
    public required string EdgeId { get; set; }

    /// <summary>SHA-256 of the pending one-time code; null when none is pending (consumed, revoked, never issued).</summary>
    public byte[]? EnrolmentCodeHash { get; set; }

    public DateTime? EnrolmentCodeExpiresAt { get; set; }

    /// <summary>SHA-256 thumbprint (upper-case hex) of the issued client certificate.</summary>
    public string? CertificateThumbprint { get; set; }

    /// <summary>The issued certificate's serial number (upper-case hex).</summary>
    public string? CertificateSerial { get; set; }

    public DateTime? CertificateIssuedAt { get; set; }

    public DateTime? CertificateNotAfter { get; set; }

    /// <summary>When IT staff revoked the edge; the certificate is refused from then on, until the edge enrols again.</summary>
    public DateTime? RevokedAt { get; set; }

    public Edge? Edge { get; set; }
}
