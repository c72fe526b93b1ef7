using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Inclusion.Iot.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Server.Api.Security;

/// <summary>
/// An edge's identity, from its one-time enrolment code to its client certificate: IT staff create the edge (or
/// re-issue a code for it) and hand the code to whoever sets the edge up; the edge sends the code with its key's
/// signing request once, gets its certificate, and uses it for every call after. Only the code's SHA-256 is stored;
/// it is compared in constant time and consumed by the enrolment that uses it. Used by the server's commands
/// (<c>create-edge</c>, <c>revoke-edge</c>), the gateway's <c>Enrol</c> and the certificate check of every other call.
/// </summary>
public sealed partial class EdgeEnrolment(
    ServerDbContext db,
    InstallationAuthority authority,
    IOptions<SecurityOptions> options,
    TimeProvider time,
    ILogger<EdgeEnrolment> logger)
{
    private const int CodeBytes = 16;

    /// <summary>
    /// Creates an edge for <paramref name="roomId"/> (a new id unless <paramref name="edgeId"/> is given), or — for an
    /// existing edge — issues it a new code, replacing a pending one. The code is returned here and nowhere else.
    /// A certificate already issued stays as it is (valid, or revoked) until the edge enrols with the new code.
    /// </summary>
    public async Task<NewEdgeCode> CreateEdgeAsync(string roomId, string? edgeId = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(roomId) || !await db.Rooms.AnyAsync(r => r.Id == roomId, cancellationToken))
        {
            throw new EnrolmentException(EnrolmentFailure.UnknownRoom, $"There is no room '{roomId}'.");
        }

        if (edgeId is not null && !IsValidEdgeId(edgeId))
        {
            throw new EnrolmentException(EnrolmentFailure.BadRequest, $"'{edgeId}' is not a valid edge id: use 1-64 lower-case letters, digits and '-'.");
        }

        edgeId ??= $"edge-{RandomNumberGenerator.GetHexString(16, lowercase: true)}";
        var edge = await db.Edges.SingleOrDefaultAsync(e => e.Id == edgeId, cancellationToken);
        if (edge is null)
        {
            db.Edges.Add(new Edge { Id = edgeId, RoomId = roomId });
        }
        else if (edge.RoomId != roomId)
        {
            throw new EnrolmentException(EnrolmentFailure.RoomMismatch, $"Edge {edgeId} belongs to room {edge.RoomId}, not {roomId}.");
        }

        var credential = await db.EdgeCredentials.SingleOrDefaultAsync(c => c.EdgeId == edgeId, cancellationToken);
        if (credential is null)
        {
            credential = new EdgeCredential { EdgeId = edgeId };
            db.EdgeCredentials.Add(credential);
        }

        var code = NewCode();
        var expiresAt = time.GetUtcNow().AddHours(options.Value.EnrolmentCodeHours);
        credential.EnrolmentCodeHash = HashCode(code);
        credential.EnrolmentCodeExpiresAt = expiresAt.UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        LogCodeIssued(edgeId, roomId, expiresAt);
        return new NewEdgeCode(edgeId, code, expiresAt);
    }

    /// <summary>
    /// Consumes the edge's one-time code and signs its request: the certificate's subject is the edge id. A wrong,
    /// expired or already used code, an unknown edge or a bad request is refused with <see cref="EnrolmentException"/>.
    /// </summary>
    public async Task<EnrolledCertificate> EnrolAsync(string edgeId, string code, byte[] csrDer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(csrDer);
        // Hashed before anything is looked up, so every refusal costs the same and the comparison below is constant-time.
        var presented = HashCode(code ?? string.Empty);
        var credential = string.IsNullOrWhiteSpace(edgeId)
            ? null
            : await db.EdgeCredentials.AsNoTracking().SingleOrDefaultAsync(c => c.EdgeId == edgeId, cancellationToken);
        if (credential is null)
        {
            throw Refused(edgeId, EnrolmentFailure.UnknownEdge, $"Edge '{edgeId}' has no enrolment: create it on the server (create-edge).");
        }

        var stored = credential.EnrolmentCodeHash;
        var matches = CryptographicOperations.FixedTimeEquals(presented, stored ?? new byte[presented.Length]) && stored is not null;
        if (stored is null)
        {
            throw Refused(edgeId, EnrolmentFailure.NoPendingCode,
                $"Edge {edgeId} has no pending enrolment code (it was used, or the edge was revoked): issue a new one (create-edge --edge {edgeId}).");
        }

        if (!matches)
        {
            throw Refused(edgeId, EnrolmentFailure.WrongCode, $"The enrolment code is not edge {edgeId}'s: check Server:EnrolmentCode on the edge.");
        }

        var now = time.GetUtcNow();
        if (credential.EnrolmentCodeExpiresAt is not { } expires || now.UtcDateTime >= expires)
        {
            throw Refused(edgeId, EnrolmentFailure.CodeExpired,
                $"Edge {edgeId}'s enrolment code expired at {credential.EnrolmentCodeExpiresAt:u}: issue a new one (create-edge --edge {edgeId}).");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = authority.IssueClientCertificate(edgeId, csrDer);
        }
        catch (EnrolmentException bad)
        {
            throw Refused(edgeId, bad.Failure, bad.Message);
        }

        using (certificate)
        {
            var thumbprint = InstallationAuthority.Thumbprint(certificate);
            var serial = certificate.SerialNumber;
            var notAfter = certificate.NotAfter.ToUniversalTime();
            // Consumed only if it is still the code that was checked: of two enrolments with one code, one wins.
            var consumed = await db.EdgeCredentials
                .Where(c => c.EdgeId == edgeId && c.EnrolmentCodeHash == stored)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(c => c.EnrolmentCodeHash, (byte[]?)null)
                    .SetProperty(c => c.EnrolmentCodeExpiresAt, (DateTime?)null)
                    .SetProperty(c => c.CertificateThumbprint, thumbprint)
                    .SetProperty(c => c.CertificateSerial, serial)
                    .SetProperty(c => c.CertificateIssuedAt, now.UtcDateTime)
                    .SetProperty(c => c.CertificateNotAfter, notAfter)
                    .SetProperty(c => c.RevokedAt, (DateTime?)null), cancellationToken);
            if (consumed == 0)
            {
                throw Refused(edgeId, EnrolmentFailure.NoPendingCode, $"Edge {edgeId}'s enrolment code was used meanwhile: issue a new one (create-edge --edge {edgeId}).");
            }

            LogEnrolled(edgeId, serial, notAfter);
            return new EnrolledCertificate(certificate.RawData, authority.CaCertificateDer, notAfter);
        }
    }

    /// <summary>Refuses the edge's certificate from now on and drops a pending code; the edge may enrol again with a new code.</summary>
    public async Task RevokeAsync(string edgeId, CancellationToken cancellationToken = default)
    {
        var credential = await db.EdgeCredentials.SingleOrDefaultAsync(c => c.EdgeId == edgeId, cancellationToken)
            ?? throw new EnrolmentException(EnrolmentFailure.UnknownEdge, $"Edge '{edgeId}' has no enrolment.");
        credential.RevokedAt ??= time.GetUtcNow().UtcDateTime;
        credential.EnrolmentCodeHash = null;
        credential.EnrolmentCodeExpiresAt = null;
        await db.SaveChangesAsync(cancellationToken);
        LogRevoked(edgeId, credential.CertificateSerial ?? "none");
    }

    /// <summary>Which edge a client certificate is, or why it is refused; the certificate is checked against the CA first.</summary>
    public async Task<CertificateIdentity> IdentifyAsync(X509Certificate2? certificate, CancellationToken cancellationToken = default)
    {
        if (certificate is null) return new CertificateIdentity(null, CertificateRefusal.Missing, null);
        var thumbprint = InstallationAuthority.Thumbprint(certificate);
        switch (authority.Check(certificate, thumbprint))
        {
            case ClientCertificateCheck.ForeignIssuer: return new CertificateIdentity(null, CertificateRefusal.ForeignIssuer, null);
            case ClientCertificateCheck.NotForClients: return new CertificateIdentity(null, CertificateRefusal.NotForClients, null);
            case ClientCertificateCheck.Expired:
                return new CertificateIdentity(certificate.GetNameInfo(X509NameType.SimpleName, false), CertificateRefusal.Expired, null);
        }

        var row = await db.EdgeCredentials.AsNoTracking()
            .Where(c => c.CertificateThumbprint == thumbprint)
            .Select(c => new { c.EdgeId, c.RevokedAt })
            .SingleOrDefaultAsync(cancellationToken);
        if (row is null) return new CertificateIdentity(certificate.GetNameInfo(X509NameType.SimpleName, false), CertificateRefusal.NotCurrent, null);
        return row.RevokedAt is { } revokedAt
            ? new CertificateIdentity(row.EdgeId, CertificateRefusal.Revoked, revokedAt)
            : new CertificateIdentity(row.EdgeId, CertificateRefusal.None, null);
    }

    public static bool IsValidEdgeId(string edgeId) =>
        edgeId.Length is > 0 and <= 64 && edgeId.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');

    /// <summary>SHA-256 of the code as typed, without its dashes, spaces and case.</summary>
    public static byte[] HashCode(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var normal = new string([.. code.Where(c => c is not '-' && !char.IsWhiteSpace(c)).Select(char.ToLowerInvariant)]);
        return SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(normal));
    }

    /// <summary>128 random bits as 32 hex digits in groups of four.</summary>
    private static string NewCode()
    {
        var hex = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(CodeBytes));
        return string.Join('-', Enumerable.Range(0, hex.Length / 4).Select(i => hex.Substring(i * 4, 4)));
    }

    private EnrolmentException Refused(string edgeId, EnrolmentFailure failure, string message)
    {
        LogEnrolmentRefused(edgeId, failure);
        return new EnrolmentException(failure, message);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Issued an enrolment code for edge {EdgeId} of room {RoomId}, valid until {ExpiresAt:u}.")]
    private partial void LogCodeIssued(string edgeId, string roomId, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Edge {EdgeId} enrolled: certificate serial {Serial}, valid until {NotAfter:u}.")]
    private partial void LogEnrolled(string edgeId, string serial, DateTime notAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Enrolment of edge {EdgeId} refused: {Reason}.")]
    private partial void LogEnrolmentRefused(string edgeId, EnrolmentFailure reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Edge {EdgeId} revoked (certificate serial {Serial}).")]
    private partial void LogRevoked(string edgeId, string serial);
}

/// <summary>A new edge or a re-issued code: shown once to IT staff, never stored in clear.</summary>
public sealed record NewEdgeCode(string EdgeId, string Code, DateTimeOffset ExpiresAt);

/// <summary>The edge's certificate and the CA certificate it pins, both DER.</summary>
public sealed record EnrolledCertificate(byte[] CertificateDer, byte[] CaCertificateDer, DateTime NotAfter);

public sealed record CertificateIdentity(string? EdgeId, CertificateRefusal Refusal, DateTime? RevokedAt);

public enum CertificateRefusal
{
    None,
    Missing,
    ForeignIssuer,
    NotForClients,
    Expired,
    NotCurrent,
    Revoked,
}

public enum EnrolmentFailure
{
    UnknownRoom,
    UnknownEdge,
    RoomMismatch,
    NoPendingCode,
    WrongCode,
    CodeExpired,
    BadRequest,
}

public sealed class EnrolmentException : Exception
{
    public EnrolmentException()
    {
    }

    public EnrolmentException(string message) : base(message)
    {
    }

    public EnrolmentException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public EnrolmentException(EnrolmentFailure failure, string message) : base(message) => Failure = failure;

    public EnrolmentFailure Failure { get; }
}
