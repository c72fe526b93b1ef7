using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Inclusion.Iot.Server.Api.Security;
using Inclusion.Iot.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Inclusion.Iot.Server.Tests;

/// <summary>Enrols an edge through the server's own <see cref="EdgeEnrolment"/>, as an edge would: its key, its CSR, a code.</summary>
public static class EdgeCertificates
{
    public static byte[] SigningRequest(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new CertificateRequest("CN=whatever the edge asks", key, HashAlgorithmName.SHA256).CreateSigningRequest();
    }

    /// <summary>Issues a code for the (existing) edge and enrols it; the certificate carries its private key.</summary>
    public static async Task<X509Certificate2> EnrolAsync(IServiceProvider services, string edgeId)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AccessScopeHolder>().UseSystem(); // as IT staff's create-edge does
        var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
        var room = await db.Edges.Where(e => e.Id == edgeId).Select(e => e.RoomId).SingleAsync();
        var enrolment = scope.ServiceProvider.GetRequiredService<EdgeEnrolment>();
        var code = await enrolment.CreateEdgeAsync(room, edgeId);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var enrolled = await enrolment.EnrolAsync(edgeId, code.Code, SigningRequest(key));
        return WithKey(enrolled.CertificateDer, key);
    }

    public static X509Certificate2 WithKey(byte[] certificateDer, ECDsa key)
    {
        using var certificate = X509CertificateLoader.LoadCertificate(certificateDer);
        using var withKey = certificate.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
