using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Inclusion.Iot.Server.Data;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Inclusion.Iot.Server.Api.Security;
using Inclusion.Iot.Testing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Inclusion.Iot.Server.Tests.Security;

/// <summary>OpenID Connect for schools with an identity provider: a discovery document served on loopback stands in for it.</summary>
public sealed class SchoolSignInTests : IAsyncLifetime
{
    private const string ClientId = "inclusion-iot-test";
    private readonly RSA _signing = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, string> _emailByCode = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _nonceByCode = new(StringComparer.Ordinal);
    private WebApplication _provider = null!;
    private string _authority = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        // Not the server's appsettings (its Kestrel endpoints) that sit in the test's output directory.
        builder.Configuration.Sources.Clear();
        _authority = $"http://127.0.0.1:{FreeTcpPort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        _provider = builder.Build();
        _provider.Urls.Add(_authority);
        _provider.MapGet("/.well-known/openid-configuration", (HttpContext context) =>
        {
            var issuer = $"{context.Request.Scheme}://{context.Request.Host}";
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = issuer,
                ["authorization_endpoint"] = $"{issuer}/authorize",
                ["token_endpoint"] = $"{issuer}/token",
                ["jwks_uri"] = $"{issuer}/jwks",
                ["response_types_supported"] = new[] { "code" },
                ["subject_types_supported"] = new[] { "public" },
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            });
        });
        _provider.MapGet("/jwks", () =>
        {
            var parameters = _signing.ExportParameters(false);
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = "test-key", n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent) } } });
        });
        // The code grant: the code names the user the test signed in at the "provider".
        _provider.MapPost("/token", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            var code = form["code"].ToString();
            if (!_emailByCode.TryGetValue(code, out var email) || !_nonceByCode.TryGetValue(code, out var nonce))
            {
                return Results.BadRequest(new { error = "invalid_grant" });
            }

            var now = DateTime.UtcNow;
            var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = _authority,
                Audience = ClientId,
                // Wide enough for the server's fake clock and the real one.
                IssuedAt = now.AddDays(-60),
                NotBefore = now.AddDays(-60),
                Expires = now.AddDays(60),
                Claims = new Dictionary<string, object> { ["sub"] = "school-user-1", ["email"] = email, ["nonce"] = nonce },
                SigningCredentials = new SigningCredentials(new RsaSecurityKey(_signing) { KeyId = "test-key" }, SecurityAlgorithms.RsaSha256),
            });
            return Results.Json(new { access_token = "opaque", token_type = "Bearer", expires_in = 300, id_token = idToken });
        });
        await _provider.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _provider.DisposeAsync();
        _signing.Dispose();
    }

    /// <summary>
    /// The whole code flow as a browser walks it: the server's challenge, the provider's answer (a code for a user
    /// with <paramref name="email"/>) posted back to the callback, the server's code redemption and id token check.
    /// Returns the client (with its cookies) and the callback's redirect.
    /// </summary>
    private async Task<(HttpClient Client, string? Location)> SignInAtSchoolAsync(ServerFactory school, string email)
    {
        // https: the correlation and nonce cookies are Secure.
        var client = school.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
        using var challenge = await client.GetAsync(new Uri("/account/external?returnUrl=%2F", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var query = QueryHelpers.ParseQuery(challenge.Headers.Location!.Query);
        var code = Guid.NewGuid().ToString("N");
        _emailByCode[code] = email;
        _nonceByCode[code] = query["nonce"].ToString();
        using var callback = await client.PostAsync(new Uri("/signin-oidc", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["code"] = code,
            ["state"] = query["state"].ToString(),
        }));
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        var location = callback.Headers.Location;
        return (client, location is null ? null : location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString);
    }

    [Fact]
    public async Task A_school_user_with_a_local_account_is_signed_in_as_that_account_and_one_without_is_refused_clearly()
    {
        using var school = new ServerFactory(settings: Configured());
        // The handler's correlation cookies expire by the server's clock, the test client's cookie jar by the real one.
        school.Time.SetUtcNow(DateTimeOffset.UtcNow);
        await using (var scope = school.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
            var specialist = await db.Accounts.SingleAsync(a => a.Role == AccountRole.Specialist);
            specialist.Email = "olena@school.example";
            await db.SaveChangesAsync();
        }

        var (known, location) = await SignInAtSchoolAsync(school, "olena@school.example");
        using (known)
        {
            Assert.True(location == "/", $"{location}\n{string.Join("\n", school.Logs.Lines.Where(l => l.Contains("OpenIdConnect", StringComparison.Ordinal) || l.Contains("School sign-in", StringComparison.Ordinal)))}");
            using var page = await known.GetAsync(new Uri("/", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("Demo specialist", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            // Mapped to the specialist's role: no network counts.
            using var network = await known.GetAsync(new Uri("/api/network/usage", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Forbidden, network.StatusCode);
        }

        var (unknown, refusedAt) = await SignInAtSchoolAsync(school, "stranger@school.example");
        using (unknown)
        {
            Assert.Equal("/account/sign-in?error=school", refusedAt);
            using var page = await unknown.GetAsync(new Uri("/", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        }

        // Disabled by an administrator: the open school session ends, and the school cannot sign the account in again.
        var (open, _) = await SignInAtSchoolAsync(school, "olena@school.example");
        using (open)
        {
            Assert.Equal(HttpStatusCode.OK, (await open.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
            await using (var scope = school.SystemScope())
            {
                var specialist = await scope.ServiceProvider.GetRequiredService<ServerDbContext>().Accounts.SingleAsync(a => a.Role == AccountRole.Specialist);
                await scope.ServiceProvider.GetRequiredService<Api.Security.AccountAdministration>().SetDisabledAsync(
                    specialist, disabled: true, Records.Audit.AuditActor.System(specialist.OrganisationId), default);
            }

            Assert.Equal(HttpStatusCode.Redirect, (await open.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
        }

        var (disabled, disabledAt) = await SignInAtSchoolAsync(school, "olena@school.example");
        using (disabled)
        {
            Assert.Equal("/account/sign-in?error=school", disabledAt);
        }
    }

    private Dictionary<string, string?> Configured() => new()
    {
        ["Authentication:OpenIdConnect:Authority"] = _authority,
        ["Authentication:OpenIdConnect:ClientId"] = ClientId,
    };

    [Fact]
    public async Task The_scheme_and_the_button_are_there_only_when_a_provider_is_configured()
    {
        using (var plain = new ServerFactory())
        {
            Assert.Null(await plain.Services.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(SecurityExtensions.SchoolScheme));
            using var client = plain.AnonymousClient();
            Assert.DoesNotContain("school-sign-in", await client.GetStringAsync(new Uri("/account/sign-in", UriKind.Relative)), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/account/external", UriKind.Relative))).StatusCode);
        }

        using var school = new ServerFactory(settings: Configured());
        Assert.NotNull(await school.Services.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(SecurityExtensions.SchoolScheme));
        using var schoolClient = school.AnonymousClient();
        var page = await schoolClient.GetStringAsync(new Uri("/account/sign-in?culture=uk", UriKind.Relative));
        Assert.Contains("id=\"school-sign-in\"", page, StringComparison.Ordinal);
        Assert.Contains("Увійти через обліковий запис школи", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_challenge_redirects_to_the_providers_authorize_endpoint_with_the_client_id()
    {
        using var school = new ServerFactory(settings: Configured());
        using var client = school.AnonymousClient();
        using var response = await client.GetAsync(new Uri("/account/external?returnUrl=%2Fnetwork", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal($"{_authority}/authorize", location.GetLeftPart(UriPartial.Path));
        Assert.Contains("client_id=inclusion-iot-test", location.Query, StringComparison.Ordinal);
        Assert.Contains("response_type=code", location.Query, StringComparison.Ordinal);
        Assert.Contains("code_challenge=", location.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_by_the_provider_comes_back_to_the_sign_in_page_with_a_clear_message()
    {
        using var school = new ServerFactory(settings: Configured());
        using var client = school.AnonymousClient();
        using var refused = await client.GetAsync(new Uri("/account/sign-in?error=school&culture=en", UriKind.Relative));
        Assert.Contains("Your school account is not linked to an account on this server.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

/// <summary>Invalid school sign-in options stop the start with the key named, like the other options.</summary>
public sealed class SchoolSignInStartTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new("server-oidc");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _scratch.Dispose();
    }

    [Fact]
    public async Task An_http_authority_off_loopback_stops_start_up_with_a_message_naming_the_key()
    {
        await using var server = ChildProcess.Start(
            "dotnet",
            [
                Path.Combine(ServerLayout.ApiOutputDirectory, "Inclusion.Iot.Server.Api.dll"),
                "--Storage:Provider=Sqlite",
                $"--Storage:ConnectionString=Data Source={_scratch.File("oidc.db")}",
                "--Authentication:OpenIdConnect:Authority=http://idp.school.example",
                "--Authentication:OpenIdConnect:ClientId=inclusion-iot",
            ],
            workingDirectory: ServerLayout.ApiOutputDirectory,
            environment: new Dictionary<string, string> { ["LC_ALL"] = "en_US.UTF-8" });
        Assert.Equal(1, await server.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains(
            "Configuration error: Authentication:OpenIdConnect:Authority must be an absolute https URL (http only on a loopback address), is 'http://idp.school.example'.",
            server.Output,
            StringComparison.Ordinal);
    }
}
