using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Inclusion.Iot.Server.Api.Demo;
using Inclusion.Iot.Server.Api.Security;
using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Inclusion.Iot.Server.Tests;

/// <summary>
/// <see cref="EdgeEnrolment"/> on the real host and store, its clock a <c>FakeTimeProvider</c>: a code enrols once,
/// within its hours; a wrong, used or expired code, an unknown edge or room and a revoked edge are refused.
/// </summary>
public abstract class EdgeEnrolmentTests : IAsyncLifetime
{
    private ServerFactory _server = null!;

    protected abstract Task<StorageOptions> CreateStorageAsync();

    public async Task InitializeAsync()
    {
        _server = new ServerFactory(await CreateStorageAsync());
        using var client = _server.CreateClient();
        using var health = await client.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
    }

    public virtual Task DisposeAsync()
    {
        _server.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_new_edge_enrols_once_with_its_code_and_gets_a_client_certificate_for_its_id_from_the_installation_ca()
    {
        var created = await WithEnrolmentAsync(e => e.CreateEdgeAsync(DemoSeed.RoomId));
        Assert.Matches("^edge-[0-9a-f]{16}$", created.EdgeId);
        Assert.Matches("^([0-9a-f]{4}-){7}[0-9a-f]{4}$", created.Code);
        Assert.Equal(_server.Time.GetUtcNow().AddHours(24), created.ExpiresAt);

        // Only the code's hash is stored.
        var row = await CredentialAsync(created.EdgeId);
        Assert.Equal(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(created.Code.Replace("-", "", StringComparison.Ordinal))), row.EnrolmentCodeHash);
        Assert.Null(row.CertificateThumbprint);

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        // Case and dashes do not matter: the code is read off a screen.
        var enrolled = await WithEnrolmentAsync(e => e.EnrolAsync(created.EdgeId, created.Code.ToUpperInvariant().Replace("-", " ", StringComparison.Ordinal), EdgeCertificates.SigningRequest(key)));
        using var certificate = X509CertificateLoader.LoadCertificate(enrolled.CertificateDer);
        using var ca = X509CertificateLoader.LoadCertificate(enrolled.CaCertificateDer);
        Assert.Equal(created.EdgeId, certificate.GetNameInfo(X509NameType.SimpleName, false));
        Assert.Equal(ca.SubjectName.RawData, certificate.IssuerName.RawData);
        Assert.True(VerifiesWith(certificate, ca));
        var usage = Assert.Single(certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>());
        Assert.Equal([InstallationAuthority.ClientAuthOid], usage.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
        Assert.Equal(_server.Time.GetUtcNow().AddDays(365).UtcDateTime, certificate.NotAfter.ToUniversalTime(), TimeSpan.FromSeconds(1));
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), certificate.GetECDsaPublicKey()!.ExportSubjectPublicKeyInfo());

        row = await CredentialAsync(created.EdgeId);
        Assert.Null(row.EnrolmentCodeHash);
        Assert.Equal(InstallationAuthority.Thumbprint(certificate), row.CertificateThumbprint);
        Assert.Equal(certificate.SerialNumber, row.CertificateSerial);

        // Used: the same code again is refused.
        var reused = await Assert.ThrowsAsync<EnrolmentException>(() => WithEnrolmentAsync(e => e.EnrolAsync(created.EdgeId, created.Code, EdgeCertificates.SigningRequest(key))));
        Assert.Equal(EnrolmentFailure.NoPendingCode, reused.Failure);
        Assert.Contains(_server.Logs.Lines, l => l.Contains($"Enrolment of edge {created.EdgeId} refused: NoPendingCode", StringComparison.Ordinal));
        Assert.DoesNotContain(_server.Logs.Lines, l => l.Contains(created.Code, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_wrong_code_is_refused_and_leaves_the_right_one_usable()
    {
        var created = await WithEnrolmentAsync(e => e.CreateEdgeAsync(DemoSeed.RoomId));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var wrong = created.Code[..^1] + (created.Code[^1] == '0' ? '1' : '0');
        var refused = await Assert.ThrowsAsync<EnrolmentException>(() => WithEnrolmentAsync(e => e.EnrolAsync(created.EdgeId, wrong, EdgeCertificates.SigningRequest(key))));
        Assert.Equal(EnrolmentFailure.WrongCode, refused.Failure);
        await WithEnrolmentAsync(e => e.EnrolAsync(created.EdgeId, created.Code, EdgeCertificates.SigningRequest(key)));
    }

    [Fact]
    public async Task A_code_is_refused_once_its_hours_are_over()
    {
        var created = await WithEnrolmentAsync(e => e.CreateEdgeAsync(DemoSeed.RoomId));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _server.Time.Advance(TimeSpan.FromHours(24));
        var refused = await Assert.ThrowsAsync<EnrolmentException>(() => WithEnrolmentAsync(e => e.EnrolAsync(created.EdgeId, created.Code, EdgeCertificates.SigningRequest(key))));
        Assert.Equal(EnrolmentFailure.CodeExpired, refused.Failure);

        // A re-issued code for the same edge works.
        var again = await WithEnrolmentAsync(e => e.CreateEdgeAsync(DemoSeed.RoomId, created.EdgeId));
        Assert.Equal(created.EdgeId, again.EdgeId);
        _server.Time.Advance(TimeSpan.FromHours(23));
        await WithEnrolmentAsync(e => e.EnrolAsync(created.EdgeId, again.Code, EdgeCertificates.SigningRequest(key)));
    }

    [Fact]
    public async Task An_unknown_edge_an_unknown_room_another_rooms_edge_and_a_bad_request_are_refused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.Equal(EnrolmentFailure.UnknownEdge, (await Assert.ThrowsAsync<EnrolmentException>(() =>
            WithEnrolmentAsync(e => e.EnrolAsync("edge-nobody", "0000-0000-0000-0000-0000-0000-0000-0000", EdgeCertificates.SigningRequest(key))))).Failure);
        Assert.Equal(EnrolmentFailure.UnknownRoom, (await Assert.ThrowsAsync<EnrolmentException>(() =>
            WithEnrolmentAsync(e => e.CreateEdgeAsync("room-nowhere")))).Failure);
        Assert.Equal(EnrolmentFailure.BadRequest, (await Assert.ThrowsAsync<EnrolmentException>(() =>
            WithEnrolmentAsync(e => e.CreateEdgeAsync(DemoSeed.RoomId, "Edge With Spaces")))).Failure);

        var created = await WithEnrolmentAsync(e => e.CreateEdgeAsync(DemoSeed.RoomId));
        var garbage = await Assert.ThrowsAsync<EnrolmentException>(() => WithEnrolmentAsync(e => e.EnrolAsync(created.EdgeId, created.Code, [1, 2, 3])));
        Assert.Equal(EnrolmentFailure.BadRequest, garbage.Failure);
        using var rsa = RSA.Create(2048);
        var notEcdsa = new CertificateRequest("CN=x", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSigningRequest();
        Assert.Equal(EnrolmentFailure.BadRequest, (await Assert.ThrowsAsync<EnrolmentException>(() =>
            WithEnrolmentAsync(e => e.EnrolAsync(created.EdgeId, created.Code, notEcdsa)))).Failure);
        // A bad request does not consume the code.
        await WithEnrolmentAsync(e => e.EnrolAsync(created.EdgeId, created.Code, EdgeCertificates.SigningRequest(key)));
    }

    [Fact]
    public async Task A_certificate_that_passed_the_chain_check_is_refused_as_expired_once_its_validity_ends()
    {
        using var certificate = await EdgeCertificates.EnrolAsync(_server.Services, DemoSeed.EdgeId);
        // Twice: the second is the remembered check.
        Assert.Equal(CertificateRefusal.None, (await IdentifyAsync(certificate)).Refusal);
        Assert.Equal(CertificateRefusal.None, (await IdentifyAsync(certificate)).Refusal);

        _server.Time.Advance(certificate.NotAfter.ToUniversalTime() - _server.Time.GetUtcNow().UtcDateTime - TimeSpan.FromSeconds(1));
        Assert.Equal(CertificateRefusal.None, (await IdentifyAsync(certificate)).Refusal);
        _server.Time.Advance(TimeSpan.FromSeconds(2));
        var expired = await IdentifyAsync(certificate);
        Assert.Equal(CertificateRefusal.Expired, expired.Refusal);
        Assert.Equal(DemoSeed.EdgeId, expired.EdgeId);
    }

    [Fact]
    public async Task A_revoked_edge_is_refused_until_it_enrols_again_and_then_only_its_new_certificate_counts()
    {
        using var first = await EdgeCertificates.EnrolAsync(_server.Services, DemoSeed.EdgeId);
        Assert.Equal(CertificateRefusal.None, (await IdentifyAsync(first)).Refusal);
        var pending = await WithEnrolmentAsync(e => e.CreateEdgeAsync(DemoSeed.RoomId, DemoSeed.EdgeId));

        _server.Time.Advance(TimeSpan.FromMinutes(1));
        await WithEnrolmentAsync(async e => { await e.RevokeAsync(DemoSeed.EdgeId); return 0; });
        var revoked = await IdentifyAsync(first);
        Assert.Equal(CertificateRefusal.Revoked, revoked.Refusal);
        Assert.Equal(_server.Time.GetUtcNow().UtcDateTime, revoked.RevokedAt);
        // Revoking drops the pending code too.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.Equal(EnrolmentFailure.NoPendingCode, (await Assert.ThrowsAsync<EnrolmentException>(() =>
            WithEnrolmentAsync(e => e.EnrolAsync(DemoSeed.EdgeId, pending.Code, EdgeCertificates.SigningRequest(key))))).Failure);

        using var second = await EdgeCertificates.EnrolAsync(_server.Services, DemoSeed.EdgeId);
        Assert.Equal(CertificateRefusal.None, (await IdentifyAsync(second)).Refusal);
        Assert.Equal(CertificateRefusal.NotCurrent, (await IdentifyAsync(first)).Refusal);
        Assert.Equal(EnrolmentFailure.UnknownEdge, (await Assert.ThrowsAsync<EnrolmentException>(() =>
            WithEnrolmentAsync(async e => { await e.RevokeAsync("edge-nobody"); return 0; }))).Failure);
    }

    [Fact]
    public async Task The_ca_key_is_private_to_the_server_user_and_the_ca_is_kept_across_starts()
    {
        var authority = _server.Services.GetRequiredService<InstallationAuthority>();
        var ca = authority.CaCertificateDer;
        var keyFile = Path.Combine(Path.GetDirectoryName(authority.CaCertificatePath)!, "ca.key");
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        Assert.DoesNotContain("PRIVATE", await File.ReadAllTextAsync(authority.CaCertificatePath), StringComparison.Ordinal);

        using var again = new InstallationAuthority(
            Microsoft.Extensions.Options.Options.Create(new SecurityOptions { DataDirectory = Path.GetDirectoryName(authority.CaCertificatePath)! }),
            TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<InstallationAuthority>.Instance);
        Assert.Equal(ca, again.CaCertificateDer);
        Assert.NotEqual(authority.ServerCertificate.RawData, again.ServerCertificate.RawData);
    }

    private static bool VerifiesWith(X509Certificate2 certificate, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    private async Task<CertificateIdentity> IdentifyAsync(X509Certificate2 certificate) => await WithEnrolmentAsync(e => e.IdentifyAsync(certificate));

    private async Task<T> WithEnrolmentAsync<T>(Func<EdgeEnrolment, Task<T>> action)
    {
        await using var scope = _server.SystemScope();
        return await action(scope.ServiceProvider.GetRequiredService<EdgeEnrolment>());
    }

    private async Task<EdgeCredential> CredentialAsync(string edgeId)
    {
        await using var scope = _server.SystemScope();
        return await scope.ServiceProvider.GetRequiredService<ServerDbContext>().EdgeCredentials.AsNoTracking().SingleAsync(c => c.EdgeId == edgeId);
    }
}

public sealed class SqliteEdgeEnrolmentTests : EdgeEnrolmentTests
{
    private readonly ScratchDirectory _scratch = new("enrolment-sqlite");

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
public sealed class PostgreSqlEdgeEnrolmentTests(PostgresFixture postgres) : EdgeEnrolmentTests
{
    protected override async Task<StorageOptions> CreateStorageAsync() =>
        new() { Provider = "PostgreSql", ConnectionString = await postgres.CreateDatabaseAsync() };
}
