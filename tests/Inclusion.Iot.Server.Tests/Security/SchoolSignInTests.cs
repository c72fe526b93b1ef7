using System.Net;
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
        _provider.MapGet("/jwks", () => Results.Json(new { keys = Array.Empty<object>() }));
        await _provider.StartAsync();
    }

    public async Task DisposeAsync() => await _provider.DisposeAsync();

    private Dictionary<string, string?> Configured() => new()
    {
        ["Authentication:OpenIdConnect:Authority"] = _authority,
        ["Authentication:OpenIdConnect:ClientId"] = "inclusion-iot-test",
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
