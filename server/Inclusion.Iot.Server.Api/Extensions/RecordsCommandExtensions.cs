using System.Data.Common;
using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Projections;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Server.Api.Extensions;

/// <summary>The server's maintenance commands, run instead of the web host (<c>dotnet Inclusion.Iot.Server.Api.dll &lt;command&gt; [--Storage:…]</c>).</summary>
public static class RecordsCommandExtensions
{
    public const string RebuildProjections = "rebuild-projections";

    /// <summary>
    /// <c>rebuild-projections</c>: brings the schema up to date, then rebuilds every projection from raw_events in one
    /// transaction (<see cref="ProjectionRebuild"/>). Prints one summary line and returns 0; on failure prints the reason
    /// and returns 1, with nothing changed.
    /// </summary>
    public static async Task<int> RunRebuildProjectionsAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddServerStorage().AddEdgeGateway();
        await using var app = builder.Build();
        try
        {
            var storage = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
            await using var scope = app.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<AccessScopeHolder>().UseSystem();
            await ServerStorage.MigrateAsync(scope.ServiceProvider.GetRequiredService<ServerDbContext>(), storage, cancellationToken);
            var summary = await scope.ServiceProvider.GetRequiredService<ProjectionRebuild>().RebuildAsync(cancellationToken);
            await Console.Out.WriteLineAsync(StartupMessages.ProjectionsRebuilt(
                summary.RawEvents, summary.Edges, summary.Unreadable, summary.Sessions, summary.OccupancyIntervals, summary.DeviceHealth, summary.Decisions, summary.Alerts));
            return 0;
        }
        catch (OptionsValidationException invalid)
        {
            await Console.Error.WriteLineAsync(StartupMessages.ConfigurationError(invalid.Message));
            return 1;
        }
        catch (Exception failed) when (failed is DbException or DbUpdateException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync(StartupMessages.ProjectionsRebuildFailed(failed.Message));
            return 1;
        }
    }
}
