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

    public static string SecurityValueRequired(string key) => Format(nameof(SecurityValueRequired), key);

    public static string SecurityHostNameInvalid(string key, string value) => Format(nameof(SecurityHostNameInvalid), key, value);

    public static string SecurityOutOfRange(string key, int value, int min, int max) => Format(nameof(SecurityOutOfRange), key, value, min, max);

    public static string SecurityPlaintextListener(string key, string url, string allowKey) => Format(nameof(SecurityPlaintextListener), key, url, allowKey);

    public static string SecurityUnavailable(string reason) => Format(nameof(SecurityUnavailable), reason);

    public static string EdgeCreated(string edgeId, string roomId, string code, string expiresAt, string caCertificate) =>
        Format(nameof(EdgeCreated), edgeId, roomId, code, expiresAt, caCertificate);

    public static string EdgeRevoked(string edgeId) => Format(nameof(EdgeRevoked), edgeId);

    public static string EdgeCommandFailed(string reason) => Format(nameof(EdgeCommandFailed), reason);

    public static string EdgeCommandUsage(string command, string arguments) => Format(nameof(EdgeCommandUsage), command, arguments);

    public static string AccountCreated(string userName, string role, string place, string password) => Format(nameof(AccountCreated), userName, role, place, password);

    public static string AccountCommandFailed(string reason) => Format(nameof(AccountCommandFailed), reason);

    public static string AccountExists(string userName) => Format(nameof(AccountExists), userName);

    public static string AccountUnknown(string userName) => Format(nameof(AccountUnknown), userName);

    public static string AccountNoPlace(string id) => Format(nameof(AccountNoPlace), id);

    private static string Format(string key, params object?[] args)
    {
        var template = Resources.GetString(key, CultureInfo.CurrentUICulture)
            ?? throw new MissingManifestResourceException($"StartupMessages has no '{key}'.");
        return string.Format(CultureInfo.InvariantCulture, template, args);
    }
}
