using Inclusion.Iot.Server.Api.Edges;
using Inclusion.Iot.Server.Records.Ingest;
using Inclusion.Iot.Server.Records.Projections;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Server.Api.Extensions;

public static class EdgeGatewayExtensions
{
    public static IServiceCollection AddEdgeGateway(this IServiceCollection services)
    {
        services.AddGrpc();
        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IngestOptions>, IngestOptionsValidation>();
        services.AddSingleton<IngestLimiter>();
        services.AddSingleton<UploadCommits>();
        services.AddScoped<IEventIngest, EventIngest>();
        services.AddSingleton<IEventBodyDecoder, EventMapping>();
        services.AddScoped<ProjectionRebuild>();
        return services;
    }
}
