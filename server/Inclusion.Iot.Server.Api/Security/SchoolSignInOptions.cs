using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Server.Api.Security;

/// <summary>
/// Section <c>Authentication:OpenIdConnect</c>: a school's identity provider. Unset <see cref="Authority"/>: no
/// OpenID Connect at all (local accounts only). Set: the "sign in with your school account" button, and the provider's
/// user is mapped to a local account by <see cref="UserClaim"/> (its e-mail or user name); no local account, no entry.
/// </summary>
public sealed class SchoolSignInOptions
{
    public const string SectionName = "Authentication:OpenIdConnect";

    /// <summary>The provider's issuer URL (https, or http on a loopback address for testing).</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>From the environment or a secret store, never committed.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Where the provider sends the user back (registered with the provider).</summary>
    public string CallbackPath { get; set; } = "/signin-oidc";

    /// <summary>The claim matched against the local accounts' e-mail or user name.</summary>
    public string UserClaim { get; set; } = "email";

    /// <summary>Extra scopes beyond openid and profile (email is always asked for).</summary>
    public string[] Scopes { get; set; } = [];

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    public static bool IsConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration.GetSection(SectionName)[nameof(Authority)]);
    }
}

public sealed class SchoolSignInOptionsValidation : IValidateOptions<SchoolSignInOptions>
{
    public ValidateOptionsResult Validate(string? name, SchoolSignInOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority)
            || !(authority.Scheme == Uri.UriSchemeHttps || (authority.Scheme == Uri.UriSchemeHttp && authority.IsLoopback)))
        {
            failures.Add($"{SchoolSignInOptions.SectionName}:Authority must be an absolute https URL (http only on a loopback address), is '{options.Authority}'.");
        }

        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            failures.Add($"{SchoolSignInOptions.SectionName}:ClientId is required when {SchoolSignInOptions.SectionName}:Authority is set.");
        }

        if (string.IsNullOrWhiteSpace(options.CallbackPath) || !options.CallbackPath.StartsWith('/'))
        {
            failures.Add($"{SchoolSignInOptions.SectionName}:CallbackPath must start with '/', is '{options.CallbackPath}'.");
        }

        if (string.IsNullOrWhiteSpace(options.UserClaim))
        {
            failures.Add($"{SchoolSignInOptions.SectionName}:UserClaim must name a claim (e.g. email or preferred_username).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
