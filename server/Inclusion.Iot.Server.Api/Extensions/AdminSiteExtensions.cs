using Inclusion.Iot.Server.Api.Records;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Inclusion.Iot.Server.Api.Edges;
using Inclusion.Iot.Server.Api.Networks;
using Inclusion.Iot.Server.Api.Security;
using Inclusion.Iot.Server.Records.Sessions;

namespace Inclusion.Iot.Server.Api.Extensions;

public static class AdminSiteExtensions
{
    public static readonly string[] SupportedCultures = ["en", "ru", "uk"];

    /// <summary>How many sessions the JSON API returns at most.</summary>
    public const int SessionListLimit = 500;

    /// <summary>The admin page and its strings in en/ru/uk (the session queries behind the page and the JSON API are the records').</summary>
    public static IServiceCollection AddAdminSite(this IServiceCollection services)
    {
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.SetDefaultCulture(SupportedCultures[0]).AddSupportedCultures(SupportedCultures).AddSupportedUICultures(SupportedCultures);
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
        });
        services.AddRazorPages();
        services.AddScoped<NetworkUsage>();
        // Cyrillic as text, not as numeric character references: readable pages, smaller responses.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        return services;
    }

    /// <summary>
    /// / (admin page), /network, /account/*, /api/sessions, /api/network/usage, /api/auth/token, /health and the
    /// EdgeGateway gRPC service. Every endpoint is closed to anonymous callers by the fallback policy but /health, the
    /// sign-in page and the token endpoint; the gRPC gateway is anonymous here (edge identity is the gateway's) and runs unscoped.
    /// </summary>
    public static WebApplication MapServerEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseRequestLocalization();
        app.UseCallDeadline(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<IngestOptions>>().Value.MaxCallSeconds);
        app.UseIngestLimit();
        app.UseServerSecurity();
        app.MapRazorPages();
        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapGrpcService<EdgeGatewayService>().AllowAnonymous().WithMetadata(SystemAccessMetadata.Instance);
        app.MapAccountEndpoints();
        app.MapAuditEndpoints();
        app.MapEdgeEndpoints();
        app.MapGet("/api/sessions", async (string? pupilId, SessionQueries sessions, CancellationToken cancellationToken) =>
            Results.Ok(await sessions.ListAsync(pupilId, SessionListLimit, cancellationToken))).RequireAuthorization(AccessPolicies.ReadPupilRecords);
        app.MapGet("/api/network/usage", async (NetworkUsage usage, CancellationToken cancellationToken) =>
            Results.Ok(await usage.ListAsync(cancellationToken))).RequireAuthorization(AccessPolicies.ReadNetworkAggregates);
        return app;
    }
}
