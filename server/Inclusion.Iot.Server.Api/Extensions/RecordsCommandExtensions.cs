using System.Data.Common;
using System.Globalization;
using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Audit;
using Inclusion.Iot.Server.Records.Projections;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Server.Api.Extensions;

/// <summary>The server's maintenance commands, run instead of the web host (<c>dotnet Inclusion.Iot.Server.Api.dll &lt;command&gt; [--Storage:…]</c>).</summary>
public static class RecordsCommandExtensions
{
    public const string RebuildProjections = "rebuild-projections";

    public const string VerifyAudit = "verify-audit";

    /// <summary><c>verify-audit</c>: the chain is intact.</summary>
    public const int AuditIntact = 0;

    /// <summary><c>verify-audit</c>: the chain is broken (an entry edited or deleted, the tail cut off).</summary>
    public const int AuditBroken = 1;

    /// <summary><c>verify-audit</c>: bad arguments, configuration or storage; nothing was verified.</summary>
    public const int AuditNotVerified = 2;

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

    /// <summary>
    /// <c>verify-audit [--Storage:…]</c>: walks the audit chain in sequence order (<see cref="AuditVerifier"/>), read only:
    /// no migration, nothing written. Prints <c>audit chain intact: N entries</c> and returns 0, or
    /// <c>audit chain broken at entry #K: reason</c> and returns 1 (when intact, a second line gives the last entry's hash to keep elsewhere); returns 2 with the reason for bad arguments, bad
    /// configuration or a storage error (a database without the audit tables among them). For IT staff: English.
    /// </summary>
    public static async Task<int> RunVerifyAuditAsync(string[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) is { } unexpected)
        {
            await Console.Error.WriteLineAsync($"verify-audit: unexpected argument '{unexpected}'; usage: verify-audit [--Storage:Provider=… --Storage:ConnectionString=…]");
            return AuditNotVerified;
        }

        try
        {
            var builder = WebApplication.CreateBuilder(args);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddServerStorage().AddAuditLog();
            await using var app = builder.Build();
            _ = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
            await using var scope = app.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<AccessScopeHolder>().UseSystem(); // the whole chain, every organisation
            var result = await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync(cancellationToken);
            if (result.Intact)
            {
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"audit chain intact: {result.Entries} entries"));
                // Kept elsewhere (a ticket, a printout), the head's hash later shows a chain rewritten from an earlier entry on.
                var head = await scope.ServiceProvider.GetRequiredService<ServerDbContext>().AuditChainHead.AsNoTracking().SingleAsync(cancellationToken);
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"last entry #{head.LastSequence}: {head.LastHash}"));
                return AuditIntact;
            }

            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"audit chain broken at entry #{result.BrokenAt}: {result.Reason}"));
            return AuditBroken;
        }
        catch (OptionsValidationException invalid)
        {
            await Console.Error.WriteLineAsync(StartupMessages.ConfigurationError(invalid.Message));
            return AuditNotVerified;
        }
        catch (Exception failed) when (failed is DbException or InvalidOperationException or ArgumentException or FormatException)
        {
            await Console.Error.WriteLineAsync($"verify-audit: could not read the audit log: {failed.Message}");
            return AuditNotVerified;
        }
    }
}
