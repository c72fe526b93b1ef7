using Inclusion.Iot.Server.Records.Configuration;
using Inclusion.Iot.Server.Records.Sessions;

namespace Inclusion.Iot.Server.Api.Extensions;

public static class RecordsExtensions
{
    /// <summary>
    /// The records layer (Inclusion.Iot.Server.Records): the room configuration the gateway maps into snapshots, and
    /// the session queries behind the admin page and the JSON API. Per request, on the request's <c>ServerDbContext</c>.
    /// </summary>
    public static IServiceCollection AddRecords(this IServiceCollection services)
    {
        services.AddScoped<RoomConfigurationBuilder>();
        services.AddScoped<SessionQueries>();
        return services;
    }
}
