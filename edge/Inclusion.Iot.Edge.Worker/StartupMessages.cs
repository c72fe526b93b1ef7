using System.Globalization;
using System.Resources;

namespace Inclusion.Iot.Edge.Worker;

/// <summary>
/// The messages a person starting the edge reads on the console when its configuration or room file is wrong,
/// from <c>Resources/StartupMessages*.resx</c> (en, ru, uk) in the process's UI culture (LANG / LC_ALL), English
/// otherwise. Keys, paths and values stay as written; each method's name is its resource key.
/// </summary>
internal static class StartupMessages
{
    private static readonly ResourceManager Resources = new("Inclusion.Iot.Edge.Worker.Resources.StartupMessages", typeof(StartupMessages).Assembly);

    public static string ConfigurationError(string message) => Format(nameof(ConfigurationError), message);

    public static string RoomFileUnreadable(string path, string reason) => Format(nameof(RoomFileUnreadable), path, reason);

    public static string RoomFileProblem(string path, string message) => Format(nameof(RoomFileProblem), path, message);

    public static string RoomFileNotJson(long line, string reason) => Format(nameof(RoomFileNotJson), line, reason);

    public static string RoomFileNotAnObject() => Format(nameof(RoomFileNotAnObject));

    public static string SchemaVersionRequired() => Format(nameof(SchemaVersionRequired));

    public static string SchemaVersionUnsupported(int version) => Format(nameof(SchemaVersionUnsupported), version);

    public static string DevicesArrayRequired() => Format(nameof(DevicesArrayRequired));

    public static string ObjectRequired(string key) => Format(nameof(ObjectRequired), key);

    public static string UnknownKey(string key, IEnumerable<string> expected) => Format(nameof(UnknownKey), key, string.Join(", ", expected));

    public static string NonEmptyStringRequired(string key) => Format(nameof(NonEmptyStringRequired), key);

    public static string InvalidIdentifier(string key, string value) => Format(nameof(InvalidIdentifier), key, value);

    public static string DeviceNameTaken(string key, string name) => Format(nameof(DeviceNameTaken), key, name);

    public static string NotOneOf(string key, string value, IEnumerable<string> allowed) => Format(nameof(NotOneOf), key, value, string.Join(", ", allowed));

    public static string DriverNotAvailable(string key, string driver) => Format(nameof(DriverNotAvailable), key, driver);

    public static string DriverCannotDriveRole(string key, string driver, string role) => Format(nameof(DriverCannotDriveRole), key, driver, role);

    public static string TopicNotPlain(string key, string topic) => Format(nameof(TopicNotPlain), key, topic);

    public static string TopicTaken(string key, string topic, string driver) => Format(nameof(TopicTaken), key, topic, driver);

    public static string ValueRequired(string key) => Format(nameof(ValueRequired), key);

    public static string OutOfRange(string key, int value, int min, int max) => Format(nameof(OutOfRange), key, value, min, max);

    public static string RequiredWhenSet(string key, string otherKey) => Format(nameof(RequiredWhenSet), key, otherKey);

    public static string NotHttpUrl(string key, string? value) => Format(nameof(NotHttpUrl), key, value);

    /// <summary>The text in <see cref="CultureInfo.CurrentUICulture"/>; values are formatted invariantly, as they are written in configuration.</summary>
    private static string Format(string key, params object?[] args)
    {
        var template = Resources.GetString(key, CultureInfo.CurrentUICulture)
            ?? throw new MissingManifestResourceException($"StartupMessages has no '{key}'.");
        return string.Format(CultureInfo.InvariantCulture, template, args);
    }
}
