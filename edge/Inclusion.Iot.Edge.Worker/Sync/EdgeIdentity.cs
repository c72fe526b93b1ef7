using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Edge.Worker.Mqtt;
using Inclusion.Iot.Edge.Worker.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Edge.Worker.Sync;

/// <summary>
/// The edge's identity on the server's gateway. On first start without a certificate it makes an ECDSA P-256 key
/// (<c>edge.key</c> in the data directory, mode 0600), sends a signing request for it with the one-time code from
/// <c>Server:EnrolmentCode</c> to the gateway's <c>Enrol</c>, and keeps the certificate it gets (<c>edge.crt</c>);
/// from then on every call presents it. The server is trusted only when its certificate chains to the CA of
/// <c>Server:CaCertificatePath</c> (pinned; the system's roots play no part). A refused or unreachable enrolment is
/// logged and tried again with back-off by the sync loop; the room runs meanwhile on its cached configuration.
/// </summary>
public sealed partial class EdgeIdentity : IDisposable
{
    private readonly IOptions<EdgeOptions> _edge;
    private readonly IOptions<ServerOptions> _server;
    private readonly ILogger<EdgeIdentity> _logger;
    private readonly TimeProvider _wallClock;
    private readonly SemaphoreSlim _enrolling = new(1, 1);
    private readonly Lazy<X509Certificate2Collection> _ca;
    private X509Certificate2? _certificate;

    /// <param name="wallClock">The system clock (never the room's, which a test may fake): the enrolment call's deadline is an instant the server checks against its own clock.</param>
    public EdgeIdentity(IOptions<EdgeOptions> edge, IOptions<ServerOptions> server, ILogger<EdgeIdentity> logger, TimeProvider wallClock)
    {
        _wallClock = wallClock;
        _edge = edge;
        _server = server;
        _logger = logger;
        _ca = new(() => BrokerTls.TryLoadCa(server.Value.CaCertificatePath)
            ?? throw new InvalidOperationException($"Server:CaCertificatePath '{server.Value.CaCertificatePath}' is not a readable PEM certificate file."));
    }

    /// <summary>The client certificate with its key, once enrolled.</summary>
    public X509Certificate2? Certificate
    {
        get
        {
            if (_certificate is null) TryLoad();
            return Volatile.Read(ref _certificate);
        }
    }

    private string Directory => Path.GetFullPath(_edge.Value.DataDirectory);

    private string KeyFile => Path.Combine(Directory, "edge.key");

    private string CertificateFile => Path.Combine(Directory, "edge.crt");

    /// <summary>The handler of every gateway call: the pinned CA for the server, the edge's certificate for itself.</summary>
    public SocketsHttpHandler CreateHandler(bool presentCertificate = true)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            EnableMultipleHttp2Connections = true,
        };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => BrokerTls.Trusted(certificate, errors, _ca.Value);
        if (presentCertificate)
        {
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => Certificate!;
        }

        return handler;
    }

    /// <summary>
    /// True once the edge holds a certificate, enrolling first when it has none. False when it could not (no code,
    /// a refused code, the server unreachable): the reason is logged, and the caller tries again after its back-off.
    /// </summary>
    public async Task<bool> EnsureEnrolledAsync(CancellationToken cancellationToken)
    {
        if (Certificate is not null) return true;
        await _enrolling.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Certificate is not null) return true;
            var edgeId = _edge.Value.EdgeId;
            if (string.IsNullOrWhiteSpace(_server.Value.EnrolmentCode))
            {
                LogNoCode(edgeId, CertificateFile);
                return false;
            }

            using var key = LoadOrCreateKey();
            var request = new CertificateRequest($"CN={edgeId}", key, HashAlgorithmName.SHA256);
            using var channel = GrpcChannel.ForAddress(_server.Value.Url, new GrpcChannelOptions { HttpHandler = CreateHandler(presentCertificate: false) });
            EnrolResponse response;
            try
            {
                response = await new EdgeGateway.EdgeGatewayClient(channel).EnrolAsync(
                    new EnrolRequest
                    {
                        EdgeId = edgeId,
                        EnrolmentCode = _server.Value.EnrolmentCode,
                        CertificateSigningRequest = ByteString.CopyFrom(request.CreateSigningRequest()),
                    },
                    deadline: _wallClock.GetUtcNow().UtcDateTime.AddSeconds(30),
                    cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException failed) when (!cancellationToken.IsCancellationRequested && failed.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
            {
                // The server is unreachable: as any sync while it is down, a warning.
                LogEnrolmentUnreachable(edgeId, _server.Value.Url, failed.StatusCode, failed.Status.Detail);
                return false;
            }
            catch (RpcException refused) when (!cancellationToken.IsCancellationRequested)
            {
                LogEnrolmentFailed(edgeId, _server.Value.Url, refused.StatusCode, refused.Status.Detail);
                return false;
            }

            using var issued = X509CertificateLoader.LoadCertificate(response.Certificate.ToByteArray());
            if (!issued.GetECDsaPublicKey()!.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
            {
                LogEnrolmentFailed(edgeId, _server.Value.Url, StatusCode.Internal, "the certificate the server sent is not for this edge's key");
                return false;
            }

            File.WriteAllText(CertificateFile + ".tmp", issued.ExportCertificatePem());
            File.Move(CertificateFile + ".tmp", CertificateFile, overwrite: true);
            Volatile.Write(ref _certificate, WithKey(issued, key));
            LogEnrolled(edgeId, issued.SerialNumber, issued.NotAfter.ToUniversalTime());
            return true;
        }
        finally
        {
            _enrolling.Release();
        }
    }

    /// <summary>
    /// The server refused the certificate (expired, revoked, replaced): with a code configured, the edge sets it aside
    /// (<c>edge.crt.refused</c>) and enrols again with that code at the next try, as IT staff's new code intends. Without
    /// one it keeps the certificate and keeps retrying (a revoked edge stays refused until it is given a new code).
    /// </summary>
    public void Refused(StatusCode status, string detail)
    {
        if (string.IsNullOrWhiteSpace(_server.Value.EnrolmentCode) || Certificate is null) return;
        LogCertificateRefused(_edge.Value.EdgeId, status, detail);
        File.Move(CertificateFile, CertificateFile + ".refused", overwrite: true);
        File.Delete(KeyFile);
        Interlocked.Exchange(ref _certificate, null)?.Dispose();
    }

    public void Dispose()
    {
        _certificate?.Dispose();
        _enrolling.Dispose();
    }

    private void TryLoad()
    {
        if (!File.Exists(CertificateFile) || !File.Exists(KeyFile)) return;
        try
        {
            using var certificate = X509Certificate2.CreateFromPemFile(CertificateFile, KeyFile);
            Interlocked.CompareExchange(ref _certificate, X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null), null);
        }
        catch (CryptographicException e)
        {
            LogUnreadable(e, CertificateFile);
        }
    }

    /// <summary>The key of a first enrolment that did not finish is reused, so a retry sends the same public key.</summary>
    private ECDsa LoadOrCreateKey()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        if (File.Exists(KeyFile))
        {
            try
            {
                key.ImportFromPem(File.ReadAllText(KeyFile));
                return key;
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException)
            {
                LogUnreadable(e, KeyFile);
                File.Delete(KeyFile);
            }
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(KeyFile, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(key.ExportPkcs8PrivateKeyPem());
        }

        return key;
    }

    private static X509Certificate2 WithKey(X509Certificate2 certificate, ECDsa key)
    {
        using var withKey = certificate.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Edge {EdgeId} has no client certificate ({CertificateFile}) and no Server:EnrolmentCode: it cannot reach the server until IT staff issue a code (create-edge --edge {EdgeId}) and it is configured. The room keeps running offline.")]
    private partial void LogNoCode(string edgeId, string certificateFile);

    [LoggerMessage(Level = LogLevel.Error, Message = "Enrolment of edge {EdgeId} at {Url} failed ({Status}: {Detail}). The room keeps running offline; retrying later.")]
    private partial void LogEnrolmentFailed(string edgeId, string url, StatusCode status, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Enrolment of edge {EdgeId} at {Url} could not reach the server ({Status}: {Detail}). The room keeps running offline; retrying later.")]
    private partial void LogEnrolmentUnreachable(string edgeId, string url, StatusCode status, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The server refused edge {EdgeId}'s certificate ({Status}: {Detail}); enrolling again with Server:EnrolmentCode.")]
    private partial void LogCertificateRefused(string edgeId, StatusCode status, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Edge {EdgeId} enrolled: certificate serial {Serial}, valid until {NotAfter:u}.")]
    private partial void LogEnrolled(string edgeId, string serial, DateTime notAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{File} is unreadable; the edge will enrol again.")]
    private partial void LogUnreadable(Exception exception, string file);
}
