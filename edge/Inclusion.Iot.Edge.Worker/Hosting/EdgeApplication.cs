using Inclusion.Iot.Edge.Domain.Localisation;
using Inclusion.Iot.Edge.Worker.Options;
using Inclusion.Iot.Edge.Worker.Panel;
using Inclusion.Iot.Edge.Devices.RoomFile;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Edge.Worker.Hosting;

/// <summary>Builds and runs the edge host; Program.cs and the tests both start it from here.</summary>
public static class EdgeApplication
{
    /// <param name="configure">
    /// Last say over the builder before it builds; null in production. Tests add a log sink, and replace the registered
    /// <see cref="TimeProvider"/> (the room's clock; network and device I/O keep the wall clock) with a fake one.
    /// </param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // appsettings.json and resources sit next to the binary; relative paths in options resolve from the working directory.
        // The slim builder (NativeAOT-ready): the same configuration sources (appsettings.json, environment, command line)
        // and console logging, without what the panel never uses (IIS, static web assets, regex route constraints, the
        // EventSource logger). HTTPS on Kestrel is added back below so a Panel:Url of https:// still works.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.Host.UseSystemd();
        builder.Services.AddEdgeOptions().AddEdgeClock().AddRoomDevices().AddEdgeStore().AddEdgeMqtt().AddRoom().AddServerSync().AddHeapTrimmer();
        builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        // Whatever the framework itself writes as JSON resolves through the generated panel contract (no reflection).
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, PanelJson.Default));
        var panelUrl = builder.Configuration[$"{PanelOptions.SectionName}:Url"] ?? new PanelOptions().Url;
        builder.WebHost.UseUrls(panelUrl);
        configure?.Invoke(builder);

        var app = builder.Build();
        var cultures = EdgeCultures.All.ToList();
        var localization = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(EdgeCultures.Fallback),
            SupportedCultures = cultures,
            SupportedUICultures = cultures,
        };
        localization.RequestCultureProviders = [.. localization.RequestCultureProviders.Select(p => new EdgeLanguageProvider(p))];
        app.UseRequestLocalization(localization);
        app.MapWallPanel();
        return app;
    }

    /// <summary>
    /// Runs the edge; a bad configuration or room file ends it with exit code 2 and a message naming the key, in the
    /// UI culture of the process (LANG / LC_ALL; English when it is neither Russian nor Ukrainian).
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app;
        try
        {
            app = Build(args);
        }
        catch (Exception e) when (e is OptionsValidationException or RoomFileException or InvalidOperationException or FormatException)
        {
            await Console.Error.WriteLineAsync(StartupMessages.ConfigurationError(e.Message)).ConfigureAwait(false);
            return 2;
        }

        await using (app.ConfigureAwait(false))
        {
            try
            {
                await app.RunAsync().ConfigureAwait(false);
                return 0;
            }
            catch (Exception e) when (StartupError(e) is { } message)
            {
                await Console.Error.WriteLineAsync(StartupMessages.ConfigurationError(message)).ConfigureAwait(false);
                return 2;
            }
        }
    }

    private static string? StartupError(Exception e) => e switch
    {
        OptionsValidationException o => string.Join("; ", o.Failures),
        RoomFileException r => r.Message,
        AggregateException a => a.InnerExceptions.Select(StartupError).FirstOrDefault(m => m is not null),
        { InnerException: { } inner } => StartupError(inner),
        _ => null,
    };
}
