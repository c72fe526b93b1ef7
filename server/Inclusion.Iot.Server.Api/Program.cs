using Inclusion.Iot.Server.Api;
using Inclusion.Iot.Server.Api.Edges;
using Inclusion.Iot.Server.Api.Extensions;
using Inclusion.Iot.Server.Api.Records;
using Inclusion.Iot.Server.Api.Security;
using Inclusion.Iot.Server.Api.Telemetry;
using Microsoft.Extensions.Options;

if (args is [RecordsCommandExtensions.RebuildProjections, .. var options])
{
    return await RecordsCommandExtensions.RunRebuildProjectionsAsync(options);
}

if (args is [RecordsCommandExtensions.VerifyAudit, .. var verifyOptions])
{
    return await RecordsCommandExtensions.RunVerifyAuditAsync(verifyOptions);
}

if (args is [EdgeCommandExtensions.CreateEdge, .. var createOptions])
{
    return await EdgeCommandExtensions.RunCreateEdgeAsync(createOptions);
}

if (args is [AccountCommandExtensions.CreateAccount, .. var accountOptions])
{
    return await AccountCommandExtensions.RunCreateAccountAsync(accountOptions);
}

if (args is [EdgeCommandExtensions.RevokeEdge, .. var revokeOptions])
{
    return await EdgeCommandExtensions.RunRevokeEdgeAsync(revokeOptions);
}

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddServerStorage().AddRecords().AddDemoSeed().AddEdgeGateway().AddAdminSite().AddTelemetryExport().AddRetentionJob()
    .AddServerSecurity(builder.Configuration);

var app = builder.Build();
try
{
    _ = app.Services.GetRequiredService<IOptions<IngestOptions>>().Value;
    _ = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value;
    _ = app.Services.GetRequiredService<IOptions<RetentionOptions>>().Value;
    _ = app.Services.GetRequiredService<IOptions<AccountOptions>>().Value;
    _ = app.Services.GetRequiredService<IOptions<SchoolSignInOptions>>().Value;
    _ = app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value;
    await app.PrepareStorageAsync();
}
catch (OptionsValidationException invalid)
{
    await Console.Error.WriteLineAsync(StartupMessages.ConfigurationError(invalid.Message));
    return 1;
}

try
{
    // The CA is made (first start) or read now, so a damaged one stops the start with its reason, not the first call.
    _ = app.Services.GetRequiredService<InstallationAuthority>().ServerCertificate;
}
catch (Exception damaged) when (damaged is InvalidOperationException or System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
{
    await Console.Error.WriteLineAsync(StartupMessages.SecurityUnavailable(damaged.Message));
    return 1;
}

app.MapServerEndpoints();
await app.RunAsync();
return 0;

/// <summary>The server host; public for WebApplicationFactory in tests.</summary>
public partial class Program;
