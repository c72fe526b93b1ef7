using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Server.Api.Demo;
using Inclusion.Iot.Server.Api.Security;
using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Inclusion.Iot.Server.Tests;

/// <summary>
/// The gateway on real Kestrel over TLS on loopback: an edge enrols without a certificate, trusting only the
/// installation's CA, and calls with the certificate it got; a call without one, with another CA's, an expired one, a
/// revoked edge's or naming another edge is refused with its status and logged; there is no plaintext gateway.
/// </summary>
public abstract class GatewayTlsTests : IAsyncLifetime
{
    private ServerFactory _server = null!;

    protected abstract Task<StorageOptions> CreateStorageAsync();

    public async Task InitializeAsync()
    {
        _server = new ServerFactory(await CreateStorageAsync(), kestrel: true);
        // EF's first look for its history table in a new PostgreSQL database is logged as an error.
        _server.Logs.ExpectError("__EFMigrationsHistory");
        _server.StartServer();
    }

    public virtual Task DisposeAsync()
    {
        _server.Dispose();
        return Task.CompletedTask;
    }

    private X509Certificate2 Ca => X509CertificateLoader.LoadCertificate(_server.Services.GetRequiredService<InstallationAuthority>().CaCertificateDer);

    [Fact]
    public async Task An_edge_enrols_over_tls_with_its_one_time_code_and_then_calls_with_the_certificate_it_got()
    {
        NewEdgeCode created;
        await using (var scope = _server.SystemScope())
        {
            created = await scope.ServiceProvider.GetRequiredService<EdgeEnrolment>().CreateEdgeAsync(DemoSeed.RoomId);
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        EnrolResponse enrolled;
        using (var anonymous = Channel(Ca, null))
        {
            enrolled = await new EdgeGateway.EdgeGatewayClient(anonymous).EnrolAsync(new EnrolRequest
            {
                EdgeId = created.EdgeId,
                EnrolmentCode = created.Code,
                CertificateSigningRequest = Google.Protobuf.ByteString.CopyFrom(EdgeCertificates.SigningRequest(key)),
            });
            // The code is spent.
            var again = await Assert.ThrowsAsync<RpcException>(() => new EdgeGateway.EdgeGatewayClient(anonymous).EnrolAsync(new EnrolRequest
            {
                EdgeId = created.EdgeId,
                EnrolmentCode = created.Code,
                CertificateSigningRequest = Google.Protobuf.ByteString.CopyFrom(EdgeCertificates.SigningRequest(key)),
            }).ResponseAsync);
            Assert.Equal(StatusCode.PermissionDenied, again.StatusCode);
        }

        Assert.Equal(Ca.RawData, enrolled.CaCertificate.ToByteArray());
        using var certificate = EdgeCertificates.WithKey(enrolled.Certificate.ToByteArray(), key);
        using var channel = Channel(Ca, certificate);
        var reply = await new EdgeGateway.EdgeGatewayClient(channel).GetConfigurationAsync(new GetConfigurationRequest { EdgeId = created.EdgeId });
        Assert.Equal(DemoSeed.RoomId, reply.Snapshot.Room.RoomId);
        _server.Logs.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task A_call_without_a_certificate_with_another_cas_an_expired_one_a_revoked_edges_or_for_another_edge_is_refused_and_logged()
    {
        using var demo = await EdgeCertificates.EnrolAsync(_server.Services, DemoSeed.EdgeId);
        await using (var scope = _server.SystemScope())
        {
            await scope.ServiceProvider.GetRequiredService<EdgeEnrolment>().CreateEdgeAsync(DemoSeed.RoomId, "edge-second");
        }

        using var second = await EdgeCertificates.EnrolAsync(_server.Services, "edge-second");
        using var foreign = ForeignCertificate(DemoSeed.EdgeId);

        await AssertRefusedAsync(null, DemoSeed.EdgeId, StatusCode.Unauthenticated, "No client certificate", "Missing");
        await AssertRefusedAsync(foreign, DemoSeed.EdgeId, StatusCode.Unauthenticated, "not issued by this installation's CA", "ForeignIssuer");
        await AssertRefusedAsync(demo, "edge-second", StatusCode.PermissionDenied, "the request names edge 'edge-second'", "edge_id mismatch");

        // Still fine with the right one; then revoked.
        using (var channel = Channel(Ca, demo))
        {
            await new EdgeGateway.EdgeGatewayClient(channel).GetConfigurationAsync(new GetConfigurationRequest { EdgeId = DemoSeed.EdgeId });
        }

        await using (var scope = _server.SystemScope())
        {
            await scope.ServiceProvider.GetRequiredService<EdgeEnrolment>().RevokeAsync(DemoSeed.EdgeId);
        }

        await AssertRefusedAsync(demo, DemoSeed.EdgeId, StatusCode.PermissionDenied, $"Edge {DemoSeed.EdgeId} was revoked", "Revoked");

        // A year and a day on, the second edge's certificate has expired.
        using (var channel = Channel(Ca, second))
        {
            await new EdgeGateway.EdgeGatewayClient(channel).GetConfigurationAsync(new GetConfigurationRequest { EdgeId = "edge-second" });
        }

        _server.Time.Advance(TimeSpan.FromDays(366));
        await AssertRefusedAsync(second, "edge-second", StatusCode.Unauthenticated, "client certificate of edge edge-second has expired", "Expired");
        // An upload is checked the same way.
        using (var channel = Channel(Ca, null))
        {
            var upload = await Assert.ThrowsAsync<RpcException>(() => new EdgeGateway.EdgeGatewayClient(channel).UploadEventsAsync(new UploadEventsRequest { EdgeId = DemoSeed.EdgeId }).ResponseAsync);
            Assert.Equal(StatusCode.Unauthenticated, upload.StatusCode);
        }
    }

    [Fact]
    public async Task The_gateway_does_not_answer_plaintext_http2()
    {
        var plaintext = new UriBuilder(_server.GrpcAddress!) { Scheme = "http" }.Uri;
        using var channel = GrpcChannel.ForAddress(plaintext);
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            new EdgeGateway.EdgeGatewayClient(channel).GetConfigurationAsync(new GetConfigurationRequest { EdgeId = DemoSeed.EdgeId }, deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync);
        Assert.NotEqual(StatusCode.OK, refused.StatusCode);
        Assert.NotEqual(StatusCode.DeadlineExceeded, refused.StatusCode);
        Assert.DoesNotContain(_server.Logs.Lines, l => l.Contains("pulled configuration", StringComparison.Ordinal));
    }

    private async Task AssertRefusedAsync(X509Certificate2? certificate, string edgeId, StatusCode status, string detail, string loggedReason)
    {
        using var channel = Channel(Ca, certificate);
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            new EdgeGateway.EdgeGatewayClient(channel).GetConfigurationAsync(new GetConfigurationRequest { EdgeId = edgeId }).ResponseAsync);
        Assert.Equal(status, refused.StatusCode);
        Assert.Contains(detail, refused.Status.Detail, StringComparison.Ordinal);
        Assert.Contains(_server.Logs.Lines, l => l.Contains("Refused gateway call", StringComparison.Ordinal)
            && l.Contains($", {loggedReason}.", StringComparison.Ordinal) && l.Contains("127.0.0.1", StringComparison.Ordinal));
    }

    /// <summary>A channel to the TLS gateway that trusts only <paramref name="ca"/> and presents <paramref name="client"/>.</summary>
    private GrpcChannel Channel(X509Certificate2 ca, X509Certificate2? client)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
        };
        if (client is not null) handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => client;
        return GrpcChannel.ForAddress(_server.GrpcAddress!, new GrpcChannelOptions { HttpHandler = handler });
    }

    /// <summary>A client certificate for <paramref name="edgeId"/> from a CA that is not this installation's.</summary>
    private static X509Certificate2 ForeignCertificate(string edgeId)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Inclusion.Iot installation CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var otherCa = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={edgeId}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(InstallationAuthority.ClientAuthOid)], false));
        using var issued = request.Create(otherCa, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(300), [1, 2, 3, 4]);
        return EdgeCertificates.WithKey(issued.RawData, key);
    }
}

public sealed class SqliteGatewayTlsTests : GatewayTlsTests
{
    private readonly ScratchDirectory _scratch = new("gateway-tls-sqlite");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _scratch.Dispose();
    }

    protected override Task<StorageOptions> CreateStorageAsync() =>
        Task.FromResult(new StorageOptions { Provider = "Sqlite", ConnectionString = $"Data Source={_scratch.File("server.db")}" });
}

[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlGatewayTlsTests(PostgresFixture postgres) : GatewayTlsTests
{
    protected override async Task<StorageOptions> CreateStorageAsync() =>
        new() { Provider = "PostgreSql", ConnectionString = await postgres.CreateDatabaseAsync() };
}
