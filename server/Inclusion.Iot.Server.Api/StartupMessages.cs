using System.Globalization;
using System.Resources;

namespace Inclusion.Iot.Server.Api;

/// <summary>
/// What the server prints on the console when it cannot start, from <c>Resources/StartupMessages*.resx</c> (en, ru, uk)
/// in the process's UI culture (LANG / LC_ALL), English otherwise. Each method's name is its resource key.
/// </summary>
internal static class StartupMessages
{
    private static readonly ResourceManager Resources = new("Inclusion.Iot.Server.Api.Resources.StartupMessages", typeof(StartupMessages).Assembly);

    public static string ConfigurationError(string message) => Format(nameof(ConfigurationError), message);

    public static string TelemetryUrlInvalid(string key, string? value, string enabledKey, string example) =>
        Format(nameof(TelemetryUrlInvalid), key, value, enabledKey, example);

    public static string TelemetryValueRequired(string key, string enabledKey) => Format(nameof(TelemetryValueRequired), key, enabledKey);

    public static string TelemetryOutOfRange(string key, int value, int min, int max) => Format(nameof(TelemetryOutOfRange), key, value, min, max);

    public static string ProjectionsRebuilt(long rawEvents, int edges, int unreadable, int sessions, int occupancyIntervals, int deviceHealth, int decisions, int alerts) =>
        Format(nameof(ProjectionsRebuilt), rawEvents, edges, unreadable, sessions, occupancyIntervals, deviceHealth, decisions, alerts);

    public static string ProjectionsRebuildFailed(string reason) => Format(nameof(ProjectionsRebuildFailed), reason);

    private static string Format(string key, params object?[] args)
    {
        var template = Resources.GetString(key, CultureInfo.CurrentUICulture)
            ?? throw new MissingManifestResourceException($"StartupMessages has no '{key}'.");
        return string.Format(CultureInfo.InvariantCulture, template, args);
    }
}
