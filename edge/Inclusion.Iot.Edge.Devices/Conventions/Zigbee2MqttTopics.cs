namespace Inclusion.Iot.Edge.Devices.Conventions;

/// <summary>Topics as Zigbee2MQTT publishes and accepts them (base topic <c>zigbee2mqtt</c>).</summary>
public static class Zigbee2MqttTopics
{
    public const string BaseTopic = "zigbee2mqtt";

    /// <summary>The device's state, published by Zigbee2MQTT: <c>zigbee2mqtt/&lt;name&gt;</c>.</summary>
    public static string State(string friendlyName) => $"{BaseTopic}/{friendlyName}";

    /// <summary>Commands to the device: <c>zigbee2mqtt/&lt;name&gt;/set</c>.</summary>
    public static string Set(string friendlyName) => $"{BaseTopic}/{friendlyName}/set";

    /// <summary>Availability, retained: <c>zigbee2mqtt/&lt;name&gt;/availability</c> with <c>{"state":"online"}</c>.</summary>
    public static string Availability(string friendlyName) => $"{BaseTopic}/{friendlyName}/availability";

    /// <summary>Returns the friendly name when <paramref name="topic"/> is a device state topic.</summary>
    public static bool TryParseState(string topic, out string friendlyName)
    {
        friendlyName = string.Empty;
        var prefix = BaseTopic + "/";
        if (!topic.StartsWith(prefix, StringComparison.Ordinal)) return false;
        var rest = topic[prefix.Length..];
        if (rest.Length == 0 || rest.Contains('/', StringComparison.Ordinal) || rest == "bridge") return false;
        friendlyName = rest;
        return true;
    }

    /// <summary>Returns the friendly name when <paramref name="topic"/> is a device availability topic.</summary>
    public static bool TryParseAvailability(string topic, out string friendlyName)
    {
        friendlyName = string.Empty;
        const string suffix = "/availability";
        var prefix = BaseTopic + "/";
        if (!topic.StartsWith(prefix, StringComparison.Ordinal) || !topic.EndsWith(suffix, StringComparison.Ordinal)) return false;
        var name = topic[prefix.Length..^suffix.Length];
        if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal)) return false;
        friendlyName = name;
        return true;
    }
}
