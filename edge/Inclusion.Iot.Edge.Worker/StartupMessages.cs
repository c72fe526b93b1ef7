using System.Globalization;
using System.Resources;
using Inclusion.Iot.Edge.Domain.Localisation;

namespace Inclusion.Iot.Edge.Worker;

/// <summary>
/// The messages a person starting the edge reads on the console when its configuration is wrong (room-file messages live with the loader, in Edge.Devices),
/// from <c>Resources/StartupMessages*.resx</c> (en, ru, uk) in the process's UI culture (LANG / LC_ALL), English
/// otherwise. Keys, paths and values stay as written; each method's name is its resource key.
/// </summary>
internal static class StartupMessages
{
    private static readonly ResourceManager Resources = new("Inclusion.Iot.Edge.Worker.Resources.StartupMessages", typeof(StartupMessages).Assembly);

    public static string ConfigurationError(string message) => Format(nameof(ConfigurationError), message);

    public static string ValueRequired(string key) => Format(nameof(ValueRequired), key);

    public static string OutOfRange(string key, int value, int min, int max) => Format(nameof(OutOfRange), key, value, min, max);

    public static string RequiredWhenSet(string key, string otherKey) => Format(nameof(RequiredWhenSet), key, otherKey);

    public static string TopicNotPlain(string key, string topic) => Format(nameof(TopicNotPlain), key, topic);

    public static string NotOneOf(string key, string? value, IEnumerable<string> allowed) => Format(nameof(NotOneOf), key, value, string.Join(", ", allowed));

    public static string NotCertificateFile(string key, string path) => Format(nameof(NotCertificateFile), key, path);

    public static string HttpsRequired(string key, string? value) => Format(nameof(HttpsRequired), key, value);

    public static string NotHttpUrl(string key, string? value) => Format(nameof(NotHttpUrl), key, value);

    /// <summary>The text in <see cref="CultureInfo.CurrentUICulture"/>; values are formatted invariantly, as they are written in configuration.</summary>
    private static string Format(string key, params object?[] args)
    {
        var template = Resources.GetString(key, EdgeCultures.CurrentUI)
            ?? throw new MissingManifestResourceException($"StartupMessages has no '{key}'.");
        return string.Format(CultureInfo.InvariantCulture, template, args);
    }
}
