using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Server.Api.Security;

/// <summary>
/// The installation's certificate authority: an ECDSA P-256 CA made at first start in <c>Security:DataDirectory</c>
/// (<c>ca.crt</c>, and <c>ca.key</c> with mode 0600), which issues the gateway's TLS server certificate (a new one at
/// every start, for <c>Security:HostNames</c>; its key stays in memory) and the edges' client certificates, and
/// against which alone a client certificate is checked (no system roots).
/// </summary>
public sealed partial class InstallationAuthority(IOptions<SecurityOptions> options, TimeProvider time, ILogger<InstallationAuthority> logger) : IDisposable
{
    public const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    private static readonly TimeSpan Skew = TimeSpan.FromDays(1);
    private readonly Lock _gate = new();

    /// <summary>More edges than any installation has; past it the memory starts again from empty.</summary>
    private const int PassedCapacity = 10_000;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (DateTime From, DateTime Until)> _passed = new(StringComparer.Ordinal);
    private X509Certificate2? _ca;
    private X509Certificate2? _server;

    /// <summary>The CA certificate with its private key, loaded or made on first use.</summary>
    public X509Certificate2 Ca
    {
        get
        {
            lock (_gate) return _ca ??= LoadOrCreateCa();
        }
    }

    /// <summary>The CA certificate alone (DER), as the edges pin it.</summary>
    public byte[] CaCertificateDer => Ca.RawData;

    public string CaCertificatePath => SecurityOptions.CaCertificateFile(Directory);

    /// <summary>The gateway's TLS certificate, issued at first use in this process.</summary>
    public X509Certificate2 ServerCertificate
    {
        get
        {
            lock (_gate) return _server ??= IssueServerCertificate(_ca ??= LoadOrCreateCa());
        }
    }

    private string Directory => Path.GetFullPath(options.Value.DataDirectory);

    /// <summary>Signs an edge's PKCS#10 request: subject CN = the edge id, client-auth only, valid <c>Security:ClientCertificateDays</c>.</summary>
    /// <exception cref="EnrolmentException">The request is not a valid, self-signed ECDSA P-256 request.</exception>
    public X509Certificate2 IssueClientCertificate(string edgeId, byte[] csrDer)
    {
        CertificateRequest csr;
        try
        {
            csr = CertificateRequest.LoadSigningRequest(csrDer, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default);
        }
        catch (CryptographicException)
        {
            throw new EnrolmentException(EnrolmentFailure.BadRequest, "The certificate signing request is not a valid PKCS#10 request signed by its key.");
        }

        using var key = csr.PublicKey.GetECDsaPublicKey();
        if (key is null || key.KeySize != 256)
        {
            throw new EnrolmentException(EnrolmentFailure.BadRequest, "The certificate signing request must carry an ECDSA P-256 key.");
        }

        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(edgeId);
        var request = new CertificateRequest(subject.Build(), csr.PublicKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ClientAuthOid)], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var ca = Ca;
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var now = time.GetUtcNow();
        var notAfter = Min(now.AddDays(options.Value.ClientCertificateDays), ca.NotAfter);
        return request.Create(ca, now.AddMinutes(-5), notAfter, RandomSerial());
    }

    /// <summary>
    /// Checks a client certificate against this CA alone, at the registered clock's now: issued by it, within its
    /// validity, for client authentication.
    /// </summary>
    /// <remarks>
    /// A certificate that passed is remembered by its SHA-256 thumbprint with its validity (bounded by the CA's), so the
    /// gateway's next calls with it cost a hash and a comparison instead of a chain build; outside that window it is
    /// checked in full again (and comes out expired). Refusals are not remembered: they are rare and are logged each time.
    /// Whether the edge is revoked is not part of this check: the caller looks that up on every call.
    /// </remarks>
    public ClientCertificateCheck Check(X509Certificate2 certificate) => Check(certificate, Thumbprint(certificate));

    /// <summary>As <see cref="Check(X509Certificate2)"/> with the thumbprint the caller already has.</summary>
    public ClientCertificateCheck Check(X509Certificate2 certificate, string thumbprint)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(thumbprint);
        var now = time.GetUtcNow().UtcDateTime;
        if (_passed.TryGetValue(thumbprint, out var window) && now >= window.From && now <= window.Until) return ClientCertificateCheck.Valid;
        var result = CheckChain(certificate, now);
        if (result == ClientCertificateCheck.Valid)
        {
            if (_passed.Count >= PassedCapacity) _passed.Clear();
            var ca = Ca;
            _passed[thumbprint] = (Max(certificate.NotBefore.ToUniversalTime(), ca.NotBefore.ToUniversalTime()), Min(certificate.NotAfter.ToUniversalTime(), ca.NotAfter.ToUniversalTime()));
        }

        return result;
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private ClientCertificateCheck CheckChain(X509Certificate2 certificate, DateTime now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ClientAuthOid));
        var built = chain.Build(certificate);
        var statuses = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
        if (built && statuses == X509ChainStatusFlags.NoError) return ClientCertificateCheck.Valid;
        // Only a chain that reaches our root may be told apart as expired: another CA's certificate is foreign first.
        var foreign = chain.ChainElements.Count < 2
            || !chain.ChainElements[^1].Certificate.RawDataMemory.Span.SequenceEqual(Ca.RawDataMemory.Span)
            || (statuses & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain | X509ChainStatusFlags.NotSignatureValid)) != 0;
        if (foreign) return ClientCertificateCheck.ForeignIssuer;
        if ((statuses & X509ChainStatusFlags.NotTimeValid) != 0) return ClientCertificateCheck.Expired;
        return ClientCertificateCheck.NotForClients;
    }

    public static string Thumbprint(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256));
    }

    public void Dispose()
    {
        _ca?.Dispose();
        _server?.Dispose();
    }

    private X509Certificate2 LoadOrCreateCa()
    {
        var directory = Directory;
        var certificateFile = SecurityOptions.CaCertificateFile(directory);
        var keyFile = SecurityOptions.CaKeyFile(directory);
        if (File.Exists(certificateFile) && File.Exists(keyFile))
        {
            return X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        }

        if (File.Exists(certificateFile) || File.Exists(keyFile))
        {
            throw new InvalidOperationException(
                $"{directory} holds only one of ca.crt and ca.key: restore the other from the backup (a new CA would lock every enrolled edge out), or remove both to start a new installation CA.");
        }

        System.IO.Directory.CreateDirectory(directory);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName($"Inclusion.Iot installation CA {RandomNumberGenerator.GetHexString(8)}");
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = time.GetUtcNow();
        using var ca = request.CreateSelfSigned(now - Skew, now.AddYears(20));
        WritePrivate(keyFile, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certificateFile, ca.ExportCertificatePem());
        LogCaCreated(certificateFile);
        return X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
    }

    private X509Certificate2 IssueServerCertificate(X509Certificate2 ca)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var hosts = options.Value.HostNames;
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(hosts[0]);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts)
        {
            if (IPAddress.TryParse(host, out var address)) names.AddIpAddress(address);
            else names.AddDnsName(host);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthOid)], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var now = time.GetUtcNow();
        using var issued = request.Create(ca, now - Skew, Min(now.AddYears(1), ca.NotAfter), RandomSerial());
        using var withKey = issued.CopyWithPrivateKey(key);
        // Through PKCS#12 so that SslStream gets a certificate whose key it can use on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    private static void WritePrivate(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }

    private static byte[] RandomSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // positive
        serial[0] |= 0x01; // no leading zero byte to strip
        return serial;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTime b) => a < b.ToUniversalTime() ? a : new DateTimeOffset(b.ToUniversalTime());

    [LoggerMessage(Level = LogLevel.Warning, Message = "Created the installation's certificate authority at {CaCertificate}; back up its directory (ca.key is the secret of every edge's identity).")]
    private partial void LogCaCreated(string caCertificate);
}

public enum ClientCertificateCheck
{
    Valid,
    ForeignIssuer,
    Expired,
    NotForClients,
}
