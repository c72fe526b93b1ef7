using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Grpc.Net.Client;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Testing;

namespace Inclusion.Iot.EndToEnd.Tests;

/// <summary>
/// What IT staff and an edge do to give the edge its identity, for tests that talk to the gateway themselves:
/// <c>create-edge</c> on the built server prints a one-time code; <c>Enrol</c> over TLS, trusting only the
/// installation's CA, turns it into a client certificate.
/// </summary>
internal static partial class EdgeEnrolmentClient
{
    /// <summary>Runs <c>create-edge</c> with the server's storage and security arguments; returns the code it printed.</summary>
    public static async Task<string> CreateEdgeAsync(IEnumerable<string> serverArguments, string roomId, string edgeId)
    {
        var server = RepositoryLayout.Output("server/Inclusion.Iot.Server.Api");
        var output = await ChildProcess.RunAsync(
            "dotnet",
            [Path.Combine(server, "Inclusion.Iot.Server.Api.dll"), "create-edge", "--room", roomId, "--edge", edgeId, .. serverArguments],
            TimeSpan.FromSeconds(90));
        var code = CodeLine().Match(output);
        return code.Success ? code.Groups[1].Value : throw new InvalidOperationException($"create-edge printed no code:\n{output}");
    }

    public static async Task<X509Certificate2> EnrolAsync(Uri gateway, string caPath, string edgeId, string code)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var channel = GrpcChannel.ForAddress(gateway, new GrpcChannelOptions { HttpHandler = Pinned(caPath, null) });
        var response = await new EdgeGateway.EdgeGatewayClient(channel).EnrolAsync(new EnrolRequest
        {
            EdgeId = edgeId,
            EnrolmentCode = code,
            CertificateSigningRequest = ByteString.CopyFrom(new CertificateRequest($"CN={edgeId}", key, HashAlgorithmName.SHA256).CreateSigningRequest()),
        }, deadline: DateTime.UtcNow.AddSeconds(30));
        using var certificate = X509CertificateLoader.LoadCertificate(response.Certificate.ToByteArray());
        using var withKey = certificate.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>A gateway channel that trusts only the CA at <paramref name="caPath"/> and presents <paramref name="client"/>.</summary>
    public static GrpcChannel Channel(Uri gateway, string caPath, X509Certificate2 client) =>
        GrpcChannel.ForAddress(gateway, new GrpcChannelOptions { HttpHandler = Pinned(caPath, client) });

    private static SocketsHttpHandler Pinned(string caPath, X509Certificate2? client)
    {
        var ca = X509CertificateLoader.LoadCertificateFromFile(caPath);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, errors) =>
        {
            if (presented is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(X509CertificateLoader.LoadCertificate(presented.GetRawCertData()));
        };
        if (client is not null) handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => client;
        return handler;
    }

    [GeneratedRegex("One-time enrolment code: ([0-9a-f-]+)")]
    private static partial Regex CodeLine();
}
