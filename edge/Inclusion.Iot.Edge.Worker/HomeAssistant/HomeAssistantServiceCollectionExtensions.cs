using Inclusion.Iot.Edge.Worker.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Edge.Worker.HomeAssistant;

public static class HomeAssistantServiceCollectionExtensions
{
    /// <summary>The <c>HomeAssistant</c> options (validated at start) and the announcer; call before the MQTT connection starts.</summary>
    public static IServiceCollection AddHomeAssistantDiscovery(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<HomeAssistantOptions>>(sp => sp.GetRequiredService<EdgeOptionsValidation>());
        services.AddOptions<HomeAssistantOptions>().BindConfiguration(HomeAssistantOptions.SectionName).ValidateOnStart();
        services.AddSingleton<HomeAssistantAnnouncer>();
        services.AddHostedService(sp => sp.GetRequiredService<HomeAssistantAnnouncer>());
        return services;
    }
}
