using System.Net;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Server.Api.Security;

/// <summary>The <c>Security</c> section: where the installation's CA lives and how long what it issues is valid.</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>The CA certificate (<c>ca.crt</c>) and its key (<c>ca.key</c>, mode 0600), made at first start when missing.</summary>
    public string DataDirectory { get; set; } = "data/security";

    /// <summary>The gateway's TLS server certificate names: DNS names or IP addresses the edges connect to.</summary>
    public string[] HostNames { get; set; } = ["localhost", "127.0.0.1"];

    /// <summary>How long a one-time enrolment code may be used after it was issued.</summary>
    public int EnrolmentCodeHours { get; set; } = 24;

    /// <summary>How long an edge's client certificate is valid; the edge enrols again with a new code after it.</summary>
    public int ClientCertificateDays { get; set; } = 365;

    /// <summary>
    /// Let the server answer plain http on a network address. Off: the start fails naming the endpoint. Only for a
    /// TLS-terminating proxy that is the only way in (and then better bound to loopback, which needs no setting).
    /// </summary>
    public bool AllowPlaintextOnNetwork { get; set; }

    /// <summary>
    /// The address edges reach the gateway at, shown on the <c>/edges</c> page as the edge's <c>Server:Url</c>; unset:
    /// the Kestrel <c>Grpc</c> endpoint's URL, with a wildcard host replaced by the first of <see cref="HostNames"/>.
    /// </summary>
    public string? GatewayUrl { get; set; }

    /// <summary>What an edge puts in <c>Server:Url</c>, from <see cref="GatewayUrl"/> (null when nothing says).</summary>
    public string? EdgeServerUrl()
    {
        if (string.IsNullOrWhiteSpace(GatewayUrl))
        {
            return null;
        }

        var url = GatewayUrl.Trim().TrimEnd('/');
        foreach (var wildcard in new[] { "://*:", "://+:", "://0.0.0.0:", "://[::]:" })
        {
            if (url.Contains(wildcard, StringComparison.Ordinal) && HostNames is { Length: > 0 })
            {
                return url.Replace(wildcard, "://" + HostNames[0] + ":", StringComparison.Ordinal);
            }
        }

        return url;
    }

    public static string CaCertificateFile(string directory) => Path.Combine(directory, "ca.crt");

    public static string CaKeyFile(string directory) => Path.Combine(directory, "ca.key");
}

/// <summary>Checks the <c>Security</c> section at start; each failure names its key.</summary>
public sealed class SecurityOptionsValidation : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add(StartupMessages.SecurityValueRequired("Security:DataDirectory"));
        }

        if (options.HostNames is not { Length: > 0 } || options.HostNames.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add(StartupMessages.SecurityValueRequired("Security:HostNames"));
        }
        else
        {
            foreach (var host in options.HostNames.Where(h => !IPAddress.TryParse(h, out _) && Uri.CheckHostName(h) != UriHostNameType.Dns))
            {
                failures.Add(StartupMessages.SecurityHostNameInvalid("Security:HostNames", host));
            }
        }

        if (options.EnrolmentCodeHours is < 1 or > 24 * 30)
        {
            failures.Add(StartupMessages.SecurityOutOfRange("Security:EnrolmentCodeHours", options.EnrolmentCodeHours, 1, 24 * 30));
        }

        if (options.ClientCertificateDays is < 1 or > 3650)
        {
            failures.Add(StartupMessages.SecurityOutOfRange("Security:ClientCertificateDays", options.ClientCertificateDays, 1, 3650));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
