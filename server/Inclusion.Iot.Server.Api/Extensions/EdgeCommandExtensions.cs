using System.Data.Common;
using System.Security.Cryptography;
using Inclusion.Iot.Server.Api.Security;
using Inclusion.Iot.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Server.Api.Extensions;

/// <summary>
/// The IT staff's edge commands, run instead of the web host like <c>rebuild-projections</c>:
/// <c>create-edge --room &lt;id&gt; [--edge &lt;id&gt;]</c> prints the edge id, its one-time enrolment code and where the
/// CA certificate is; <c>revoke-edge --edge &lt;id&gt;</c>. Exit 0 done, 1 refused or failed (the reason on stderr),
/// 2 bad usage. Other arguments (<c>--Storage:…</c>, <c>--Security:…</c>) configure the host as for the server.
/// </summary>
public static class EdgeCommandExtensions
{
    public const string CreateEdge = "create-edge";
    public const string RevokeEdge = "revoke-edge";

    public static async Task<int> RunCreateEdgeAsync(string[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var (room, rest1) = CommandArguments.Take(args, "--room");
        var (edge, rest) = CommandArguments.Take(rest1, "--edge");
        if (string.IsNullOrWhiteSpace(room))
        {
            await Console.Error.WriteLineAsync(StartupMessages.EdgeCommandUsage(CreateEdge, "--room <room id> [--edge <edge id>]"));
            return 2;
        }

        return await RunAsync(rest, async (enrolment, authority) =>
        {
            var created = await enrolment.CreateEdgeAsync(room, edge, cancellationToken);
            await Console.Out.WriteLineAsync(StartupMessages.EdgeCreated(created.EdgeId, room, created.Code, created.ExpiresAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture), authority.CaCertificatePath));
        }, cancellationToken);
    }

    public static async Task<int> RunRevokeEdgeAsync(string[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var (edge, rest) = CommandArguments.Take(args, "--edge");
        if (string.IsNullOrWhiteSpace(edge))
        {
            await Console.Error.WriteLineAsync(StartupMessages.EdgeCommandUsage(RevokeEdge, "--edge <edge id>"));
            return 2;
        }

        return await RunAsync(rest, async (enrolment, _) =>
        {
            await enrolment.RevokeAsync(edge, cancellationToken);
            await Console.Out.WriteLineAsync(StartupMessages.EdgeRevoked(edge));
        }, cancellationToken);
    }

    private static async Task<int> RunAsync(string[] args, Func<EdgeEnrolment, InstallationAuthority, Task> command, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddServerStorage().AddEdgeGateway();
        await using var app = builder.Build();
        try
        {
            var storage = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
            _ = app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value;
            await using var scope = app.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<AccessScopeHolder>().UseSystem(); // IT staff's command: any room, any edge
            await ServerStorage.MigrateAsync(scope.ServiceProvider.GetRequiredService<ServerDbContext>(), storage, cancellationToken);
            await command(scope.ServiceProvider.GetRequiredService<EdgeEnrolment>(), app.Services.GetRequiredService<InstallationAuthority>());
            return 0;
        }
        catch (OptionsValidationException invalid)
        {
            await Console.Error.WriteLineAsync(StartupMessages.ConfigurationError(invalid.Message));
            return 1;
        }
        catch (Exception failed) when (failed is EnrolmentException or DbException or DbUpdateException or InvalidOperationException or CryptographicException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync(StartupMessages.EdgeCommandFailed(failed.Message));
            return 1;
        }
    }
}
