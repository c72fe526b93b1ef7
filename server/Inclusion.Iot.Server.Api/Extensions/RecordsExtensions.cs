using Inclusion.Iot.Server.Api.Records;
using Inclusion.Iot.Server.Records.Audit;
using Inclusion.Iot.Server.Records.Configuration;
using Inclusion.Iot.Server.Records.Programmes;
using Inclusion.Iot.Server.Records.Retention;
using Inclusion.Iot.Server.Records.Sessions;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Server.Api.Extensions;

public static class RecordsExtensions
{
    /// <summary>
    /// The records layer (Inclusion.Iot.Server.Records): the room configuration the gateway maps into snapshots, the
    /// session queries behind the admin page and the JSON API, the audit log (append, verify, search, CSV), programme
    /// reviews, the programme pages' records and the retention purge. Per request, on the request's <c>ServerDbContext</c>.
    /// </summary>
    public static IServiceCollection AddRecords(this IServiceCollection services)
    {
        services.AddScoped<RoomConfigurationBuilder>();
        services.AddScoped<SessionQueries>();
        services.AddAuditLog();
        services.AddScoped<ProgrammeReviews>();
        services.AddScoped<ProgrammeRecords>();
        services.AddSingleton<IBadgeHasher, Badges.BadgeHasher>();
        services.AddScoped<RetentionPurge>();
        services.AddScoped<IRetentionPurge>(provider => provider.GetRequiredService<RetentionPurge>());
        return services;
    }

    /// <summary>The audit log's services (also for the <c>verify-audit</c> command).</summary>
    public static IServiceCollection AddAuditLog(this IServiceCollection services)
    {
        services.AddScoped<AuditLog>();
        services.AddScoped<AuditVerifier>();
        services.AddScoped<AuditQueries>();
        return services;
    }

    /// <summary>The daily retention job (section <c>Retention</c>, validated at start).</summary>
    public static IServiceCollection AddRetentionJob(this IServiceCollection services)
    {
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidation>();
        services.AddHostedService<RetentionJob>();
        return services;
    }
}
