namespace Inclusion.Iot.Edge.Devices.Conventions;

/// <summary>Topics as Tasmota firmware publishes them (default FullTopic <c>%prefix%/%topic%/</c>).</summary>
public static class TasmotaTopics
{
    /// <summary>Periodic and event telemetry, e.g. an RC522 or PN532 badge read: <c>tele/&lt;topic&gt;/SENSOR</c>.</summary>
    public static string Sensor(string deviceTopic) => $"tele/{deviceTopic}/SENSOR";

    /// <summary>Last will, retained: <c>Online</c> or <c>Offline</c>.</summary>
    public static string LastWill(string deviceTopic) => $"tele/{deviceTopic}/LWT";

    public const string Online = "Online";
    public const string Offline = "Offline";

    public static bool TryParseSensor(string topic, out string deviceTopic) => TryParse(topic, "/SENSOR", out deviceTopic);

    public static bool TryParseLastWill(string topic, out string deviceTopic) => TryParse(topic, "/LWT", out deviceTopic);

    private static bool TryParse(string topic, string suffix, out string deviceTopic)
    {
        deviceTopic = string.Empty;
        const string prefix = "tele/";
        if (!topic.StartsWith(prefix, StringComparison.Ordinal) || !topic.EndsWith(suffix, StringComparison.Ordinal)) return false;
        var name = topic[prefix.Length..^suffix.Length];
        if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal)) return false;
        deviceTopic = name;
        return true;
    }
}
