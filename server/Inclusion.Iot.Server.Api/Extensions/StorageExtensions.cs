using Inclusion.Iot.Server.Api.Demo;
using Inclusion.Iot.Server.Api.Health;
using Inclusion.Iot.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Server.Api.Extensions;

public static class StorageExtensions
{
    /// <summary>Storage options (validated at start), the DbContext on the configured provider, and the /health check.</summary>
    public static IServiceCollection AddServerStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidation>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<AccessScopeHolder>();
        services.AddScoped<IAccessScope>(provider => provider.GetRequiredService<AccessScopeHolder>());
        services.AddDbContext<ServerDbContext>((provider, builder) =>
            ServerStorage.Configure(builder, provider.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return services;
    }

    public static IServiceCollection AddDemoSeed(this IServiceCollection services)
    {
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.SectionName);
        services.AddScoped<DemoSeed>();
        services.AddScoped<DemoAccounts>();
        return services;
    }

    /// <summary>
    /// Applies migrations (both providers share one set) and, with <c>Demo:Seed</c>, seeds the demo organisation and
    /// refreshes its schedule around the current time (every start, so the demo works at any hour under R-SCHED).
    /// </summary>
    public static async Task PrepareStorageAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        var storage = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AccessScopeHolder>().UseSystem();
        var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StorageExtensions));
        await ServerStorage.MigrateAsync(db, storage, cancellationToken);
        logger.LogInformation("Records on {Provider}: schema is current.", storage.ProviderKind);

        if (scope.ServiceProvider.GetRequiredService<IOptions<DemoOptions>>().Value.Seed)
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeed>().SeedAsync(cancellationToken);
            await scope.ServiceProvider.GetRequiredService<DemoAccounts>().EnsureAsync(cancellationToken);
        }
    }
}
