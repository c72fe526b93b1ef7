using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Inclusion.Iot.Edge.Worker.Mqtt;

/// <summary>The CA the edge trusts for the broker's TLS certificate (<c>Mqtt:CaFile</c>, PEM).</summary>
public static class BrokerTls
{
    /// <summary>The certificates of a PEM file, or null when it cannot be read or holds none.</summary>
    public static X509Certificate2Collection? TryLoadCa(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            var certificates = new X509Certificate2Collection();
            certificates.ImportFromPemFile(path);
            return certificates.Count > 0 ? certificates : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            return null;
        }
    }

    /// <summary>
    /// The broker's certificate is for the host the edge asked for and chains to one of <paramref name="ca"/>, and only to
    /// it (the system's roots play no part): the installation's CA from deploy/first-run.sh.
    /// </summary>
    public static bool Trusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection ca)
    {
        ArgumentNullException.ThrowIfNull(ca);
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }
}
