using Inclusion.Iot.Server.Api.Edges;

namespace Inclusion.Iot.Server.Api.Extensions;

public static class EdgeGatewayExtensions
{
    public static IServiceCollection AddEdgeGateway(this IServiceCollection services)
    {
        services.AddGrpc();
        services.AddScoped<EventIngest>();
        services.AddScoped<ConfigurationSnapshotBuilder>();
        return services;
    }
}
