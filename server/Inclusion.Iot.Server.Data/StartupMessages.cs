using System.Globalization;
using System.Resources;

namespace Inclusion.Iot.Server.Data;

/// <summary>
/// The storage settings' problems as the person starting the server reads them, from
/// <c>Resources/StartupMessages*.resx</c> (en, ru, uk) in the process's UI culture (LANG / LC_ALL), English otherwise.
/// Keys and values stay as written; each method's name is its resource key.
/// </summary>
internal static class StartupMessages
{
    private static readonly ResourceManager Resources = new("Inclusion.Iot.Server.Data.Resources.StartupMessages", typeof(StartupMessages).Assembly);

    public static string ProviderInvalid(string key, string? value, string first, string second) =>
        Format(nameof(ProviderInvalid), key, value, first, second);

    public static string ConnectionStringEmpty(string key, string example) => Format(nameof(ConnectionStringEmpty), key, example);

    private static string Format(string key, params object?[] args)
    {
        var template = Resources.GetString(key, CultureInfo.CurrentUICulture)
            ?? throw new MissingManifestResourceException($"StartupMessages has no '{key}'.");
        return string.Format(CultureInfo.InvariantCulture, template, args);
    }
}
