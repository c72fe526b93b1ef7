using System.Globalization;
using System.Resources;
using Inclusion.Iot.Edge.Domain.Localisation;

namespace Inclusion.Iot.Edge.Devices.RoomFile;

/// <summary>
/// What a person reads when the room file is wrong, from <c>Resources/RoomFileMessages*.resx</c> (en, ru, uk) in the
/// process's UI culture. Keys, paths and values stay as written; each method's name is its resource key. Shared by the
/// edge and firmware-sim, which read the room file with the same loader.
/// </summary>
internal static class RoomFileMessages
{
    private static readonly ResourceManager Resources = new("Inclusion.Iot.Edge.Devices.Resources.RoomFileMessages", typeof(RoomFileMessages).Assembly);

    public static string RoomFileUnreadable(string path, string setting, string reason) => Format(nameof(RoomFileUnreadable), path, setting, reason);

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

    public static string DriverCannotDriveRole(string key, string driver, string role, IEnumerable<string> drivers) =>
        Format(nameof(DriverCannotDriveRole), key, driver, role, string.Join(", ", drivers));

    public static string TopicNotPlain(string key, string topic) => Format(nameof(TopicNotPlain), key, topic);

    public static string TopicTaken(string key, string topic, string driver) => Format(nameof(TopicTaken), key, topic, driver);

    public static string TopicIsName(string key, string name) => Format(nameof(TopicIsName), key, name);

    public static string KeyNotForDriver(string key, string driver, IEnumerable<string> keys) => Format(nameof(KeyNotForDriver), key, driver, string.Join(", ", keys));

    public static string KeyRequiredByDriver(string key, string driver) => Format(nameof(KeyRequiredByDriver), key, driver);

    public static string IntegerRequired(string key) => Format(nameof(IntegerRequired), key);

    public static string BooleanRequired(string key) => Format(nameof(BooleanRequired), key);

    public static string NumberOutOfRange(string key, long value, int min, int max) => Format(nameof(NumberOutOfRange), key, value, min, max);

    public static string I2cAddressInvalid(string key, string value) => Format(nameof(I2cAddressInvalid), key, value);

    public static string PinTaken(string key, int pin, string user) => Format(nameof(PinTaken), key, pin, user);

    public static string BusAddressTaken(string key, string address, string user) => Format(nameof(BusAddressTaken), key, address, user);

    public static string MustDiffer(string key, string other) => Format(nameof(MustDiffer), key, other);

    public static string NotBoth(string key, string one, string other) => Format(nameof(NotBoth), key, one, other);

    public static string SerialPortInvalid(string key, string value) => Format(nameof(SerialPortInvalid), key, value);

    public static string NeedsVersion2(string key, string driver) => Format(nameof(NeedsVersion2), key, driver);

    /// <summary>The text in <see cref="CultureInfo.CurrentUICulture"/>; values are formatted invariantly, as they are written in the file.</summary>
    private static string Format(string key, params object?[] args)
    {
        var template = Resources.GetString(key, EdgeCultures.CurrentUI)
            ?? throw new MissingManifestResourceException($"RoomFileMessages has no '{key}'.");
        return string.Format(CultureInfo.InvariantCulture, template, args);
    }
}
