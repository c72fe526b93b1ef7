using Inclusion.Iot.Server.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Inclusion.Iot.Server.Api.Health;

/// <summary>Healthy when the records database answers.</summary>
internal sealed class DatabaseHealthCheck(ServerDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The records database does not answer.");
}
