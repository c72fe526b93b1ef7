using Inclusion.Iot.Server.Api.Telemetry;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Server.Api.Extensions;

public static class TelemetryExtensions
{
    /// <summary>
    /// Telemetry options (validated at start) and the exporter to InfluxDB 2; the background export runs only with
    /// <c>Telemetry:Enabled</c>.
    /// </summary>
    public static IServiceCollection AddTelemetryExport(this IServiceCollection services)
    {
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidation>();
        services.AddSingleton<ITelemetryWriter, InfluxTelemetryWriter>();
        services.AddSingleton<TelemetryExporter>();
        services.AddHostedService<TelemetryExportService>();
        return services;
    }
}
