using Inclusion.Iot.Server.Api.Edges;
using Inclusion.Iot.Server.Api.Security;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Inclusion.Iot.Server.Records.Ingest;
using Inclusion.Iot.Server.Records.Projections;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Server.Api.Extensions;

public static class EdgeGatewayExtensions
{
    public static IServiceCollection AddEdgeGateway(this IServiceCollection services)
    {
        services.AddGrpc(o => o.Interceptors.Add<EdgeCertificateInterceptor>());
        services.AddEdgeSecurity();
        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IngestOptions>, IngestOptionsValidation>();
        services.AddSingleton<IngestLimiter>();
        services.AddSingleton<UploadCommits>();
        services.AddScoped<IEventIngest, EventIngest>();
        services.AddSingleton<IEventBodyDecoder, EventMapping>();
        services.AddScoped<ProjectionRebuild>();
        return services;
    }

    /// <summary>
    /// The installation's CA, the edges' enrolment, and TLS on every HTTPS endpoint (the gateway's): the server
    /// certificate the CA issues, client certificates asked for but not required at the handshake, so that
    /// <c>Enrol</c> (which has none yet) shares the endpoint; <see cref="EdgeCertificateInterceptor"/> checks them per call
    /// against the CA alone and answers with a gRPC status rather than a dropped connection.
    /// </summary>
    public static IServiceCollection AddEdgeSecurity(this IServiceCollection services)
    {
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.SectionName).ValidateOnStart()
            .PostConfigure<IConfiguration>((o, configuration) => o.GatewayUrl ??= configuration["Kestrel:Endpoints:Grpc:Url"]);
        services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidation>();
        services.AddSingleton<IValidateOptions<SecurityOptions>, PlaintextListenerValidation>();
        services.AddSingleton<InstallationAuthority>();
        services.AddScoped<EdgeEnrolment>();
        services.AddOptions<KestrelServerOptions>().Configure<InstallationAuthority>((kestrel, authority) => kestrel.ConfigureHttpsDefaults(https =>
        {
            https.ServerCertificate = authority.ServerCertificate;
            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
            https.CheckCertificateRevocation = false;
            https.ClientCertificateValidation = (_, _, _) => true;
        }));
        return services;
    }
}
