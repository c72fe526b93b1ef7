using System.Net.Mime;
using Inclusion.Iot.Server.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Server.Api.Security;

/// <summary>
/// Sign-in and authorization of the web side: cookies for the pages, bearer tokens for the JSON API (either works for
/// either; a request with an <c>Authorization: Bearer</c> header is judged by its token only), OpenID Connect when a
/// school's identity provider is configured, the policies of <see cref="AccessPolicies"/>, and the request's
/// <see cref="IAccessScope"/> from the signed-in user. API refusals are JSON problem details (401/403), never a redirect.
/// </summary>
public static class SecurityExtensions
{
    public const string Scheme = "Inclusion";
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string BearerScheme = BearerTokenDefaults.AuthenticationScheme;
    public const string SchoolScheme = OpenIdConnectDefaults.AuthenticationScheme;
    public const string SignInPath = "/account/sign-in";
    public const string TokenPath = "/api/auth/token";

    public static IServiceCollection AddServerSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AccountOptions>, AccountOptionsValidation>();
        services.AddOptions<SchoolSignInOptions>().BindConfiguration(SchoolSignInOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SchoolSignInOptions>, SchoolSignInOptionsValidation>();
        services.AddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
        services.AddSingleton<AccountSignIn>();
        services.AddSingleton<SessionStamps>();
        services.AddScoped<AccountAdministration>();
        services.AddScoped<EdgeAdministration>();
        services.AddProblemDetails();

        var authentication = services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, Scheme, o => o.ForwardDefaultSelector = context => IsBearer(context.Request) ? BearerScheme : CookieScheme)
            .AddCookie(CookieScheme, o =>
            {
                o.LoginPath = SignInPath;
                o.Cookie.Name = "Inclusion.Auth";
                o.Cookie.HttpOnly = true;
                // Lax, not Strict: the school provider's redirect back is a cross-site navigation, and the first page
                // after it must see the cookie. Forms are protected by antiforgery tokens either way.
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                // A reset, disabled or re-roled account's cookie ends at its next request (one lookup by key).
                o.Events.OnValidatePrincipal = async context =>
                {
                    if (!await context.HttpContext.RequestServices.GetRequiredService<SessionStamps>().IsCurrentAsync(context.Principal, context.HttpContext.RequestAborted))
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(CookieScheme);
                    }
                };
                o.Events.OnRedirectToLogin = context =>
                {
                    if (IsApi(context.Request))
                    {
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        return Task.CompletedTask;
                    }

                    context.Response.Redirect(context.RedirectUri);
                    return Task.CompletedTask;
                };
                // A signed-in user without the role gets 403 (a page explains it), not a redirect loop.
                o.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            })
            .AddBearerToken(BearerScheme);
        services.AddOptions<BearerTokenOptions>(BearerScheme).Configure<IOptions<AccountOptions>>((o, accounts) =>
            o.BearerTokenExpiration = TimeSpan.FromMinutes(accounts.Value.TokenMinutes));

        if (SchoolSignInOptions.IsConfigured(configuration))
        {
            authentication.AddOpenIdConnect(SchoolScheme, "School account", _ => { });
            services.AddOptions<OpenIdConnectOptions>(SchoolScheme).Configure<IOptions<SchoolSignInOptions>>((o, school) => ConfigureSchool(o, school.Value));
        }

        services.AddAuthorization(AccessPolicies.Configure);
        return services;
    }

    /// <summary>Authentication, the request's access scope, authorization; API refusals as problem details.</summary>
    public static WebApplication UseServerSecurity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseStatusCodePages(WriteRefusalAsync);
        app.UseRouting();
        app.UseAuthentication();
        app.Use(async (context, next) =>
        {
            // A bearer token carries the security stamp it was issued with (the cookie is checked by its own event).
            if (context.User.Identity?.IsAuthenticated == true && IsBearer(context.Request)
                && !await context.RequestServices.GetRequiredService<SessionStamps>().IsCurrentAsync(context.User, context.RequestAborted))
            {
                context.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity());
            }

            await next(context);
        });
        app.Use((context, next) =>
        {
            var holder = context.RequestServices.GetRequiredService<AccessScopeHolder>();
            if (context.GetEndpoint()?.Metadata.GetMetadata<SystemAccessMetadata>() is not null)
            {
                holder.UseSystem();
            }
            else
            {
                holder.Use(AccessClaims.Scope(context.User));
            }

            return next(context);
        });
        app.UseAuthorization();
        return app;
    }

    /// <summary><c>POST /api/auth/token</c> and <c>GET /account/external</c> (the school provider's challenge).</summary>
    public static WebApplication MapAccountEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost(TokenPath, async (TokenRequest request, AccountSignIn signIn, HttpContext http, IStringLocalizer<SharedResource> t, CancellationToken cancellationToken) =>
        {
            var result = await signIn.PasswordAsync(request.UserName, request.Password, Origin(http), cancellationToken);
            return result.Principal is { } principal
                ? Results.SignIn(principal, authenticationScheme: BearerScheme)
                : Results.Problem(
                    statusCode: StatusCodes.Status401Unauthorized,
                    title: t["SignIn_Refused"],
                    detail: t[AccountSignIn.RefusalKey(result.Outcome)]);
        }).AllowAnonymous().DisableAntiforgery();

        app.MapGet("/account/external", (string? returnUrl, IOptions<SchoolSignInOptions> school) =>
            school.Value.Enabled
                ? Results.Challenge(new AuthenticationProperties { RedirectUri = SafeReturnUrl(returnUrl) }, [SchoolScheme])
                : Results.NotFound()).AllowAnonymous();
        return app;
    }

    /// <summary>Where a request came from, as the audit log records it.</summary>
    public static string Origin(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }

    public static bool IsBearer(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
    }

    public static bool IsApi(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A local path to go back to after sign-in; anything else (another host, a scheme) is the start page.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";

    private static void ConfigureSchool(OpenIdConnectOptions o, SchoolSignInOptions school)
    {
        o.Authority = school.Authority;
        o.ClientId = school.ClientId;
        o.ClientSecret = school.ClientSecret;
        o.CallbackPath = school.CallbackPath;
        o.ResponseType = "code";
        o.UsePkce = true;
        o.SignInScheme = CookieScheme;
        o.RequireHttpsMetadata = !new Uri(school.Authority!).IsLoopback;
        o.MapInboundClaims = false;
        o.Scope.Add("email");
        foreach (var scope in school.Scopes)
        {
            o.Scope.Add(scope);
        }

        o.Events.OnTokenValidated = async context =>
        {
            var identifier = context.Principal?.FindFirst(school.UserClaim)?.Value;
            var account = await context.HttpContext.RequestServices.GetRequiredService<AccountSignIn>()
                .ExternalAsync(identifier, Origin(context.HttpContext), context.HttpContext.RequestAborted);
            if (account is null)
            {
                context.Fail("No local account for this school account.");
                return;
            }

            context.Principal = AccessClaims.Principal(account);
        };
        o.Events.OnRemoteFailure = context =>
        {
            context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SecurityExtensions))
                .LogInformation("School sign-in refused: {Reason}", context.Failure?.Message);
            context.Response.Redirect($"{SignInPath}?error=school");
            context.HandleResponse();
            return Task.CompletedTask;
        };
    }

    private static async Task WriteRefusalAsync(StatusCodeContext status)
    {
        var context = status.HttpContext;
        var code = context.Response.StatusCode;
        if (code is not (StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden))
        {
            return;
        }

        var t = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        if (IsApi(context.Request))
        {
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = code,
                    Title = code == StatusCodes.Status401Unauthorized ? t["Api_Unauthorized"] : t["Api_Forbidden"],
                },
            });
            return;
        }

        if (code == StatusCodes.Status403Forbidden)
        {
            context.Response.ContentType = MediaTypeNames.Text.Html + "; charset=utf-8";
            var text = System.Net.WebUtility.HtmlEncode(t["Page_Forbidden"]);
            var signOut = System.Net.WebUtility.HtmlEncode(t["SignOut"]);
            await context.Response.WriteAsync(
                $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>403</title></head><body><p class=\"forbidden\">{text}</p><p><a href=\"/account/sign-out\">{signOut}</a></p></body></html>");
        }
    }
}

/// <summary>The body of <c>POST /api/auth/token</c>.</summary>
public sealed record TokenRequest(string? UserName, string? Password);
