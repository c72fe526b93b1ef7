using System.Net;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Server.Api.Security;

/// <summary>
/// Which addresses the server would answer in plaintext (http) on an address other than loopback, read from the same
/// configuration Kestrel binds from and with its precedence: the <c>Kestrel:Endpoints</c> when there are any (they
/// override the rest), otherwise <c>urls</c> (ASPNETCORE_URLS, --urls), otherwise <c>http_ports</c> (ASPNETCORE_HTTP_PORTS,
/// which the .NET container images set and which binds every interface). With none of them Kestrel listens on
/// localhost only.
/// </summary>
public static class PlaintextListeners
{
    public sealed record Listener(string Key, string Url);

    public static IReadOnlyList<Listener> Find(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(e => (key: $"Kestrel:Endpoints:{e.Key}:Url", url: e["Url"]))
            .Where(e => !string.IsNullOrWhiteSpace(e.url))
            .ToList();
        if (endpoints.Count > 0)
        {
            return [.. endpoints.Where(e => IsPlaintextOnNetwork(e.url!)).Select(e => new Listener(e.key, e.url!))];
        }

        if (configuration["urls"] is { Length: > 0 } urls)
        {
            return [.. urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(IsPlaintextOnNetwork).Select(u => new Listener("urls", u))];
        }

        return configuration["http_ports"] is { Length: > 0 } ports && ports.Split(';', StringSplitOptions.RemoveEmptyEntries).Length > 0
            ? [new Listener("http_ports", ports)]
            : [];
    }

    /// <summary>An <c>http://</c> URL whose host is not loopback (<c>*</c>, <c>+</c>, <c>0.0.0.0</c>, <c>[::]</c>, a name or a network address).</summary>
    public static bool IsPlaintextOnNetwork(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        const string scheme = "http://";
        if (!url.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var authority = url[scheme.Length..];
        var slash = authority.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            authority = authority[..slash];
        }

        string host;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            host = close > 0 ? authority[1..close] : authority;
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            host = colon >= 0 ? authority[..colon] : authority;
        }

        return !(string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address)));
    }
}

/// <summary>
/// Refuses to start when the server would answer in plaintext on a network address: the admin site carries pupils'
/// records and passwords, so it is HTTPS (the installation's certificate, or the school's) or loopback only, unless
/// <see cref="SecurityOptions.AllowPlaintextOnNetwork"/> says a TLS proxy in front of it is the only way in.
/// </summary>
public sealed class PlaintextListenerValidation(IConfiguration configuration) : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.AllowPlaintextOnNetwork)
        {
            return ValidateOptionsResult.Success;
        }

        var listeners = PlaintextListeners.Find(configuration);
        return listeners.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(listeners.Select(l => StartupMessages.SecurityPlaintextListener(l.Key, l.Url, "Security:AllowPlaintextOnNetwork")));
    }
}
