namespace Inclusion.Iot.Edge.Devices.Conventions;

/// <summary>Our own topics, under <c>inclusion/&lt;room&gt;/</c>. Documented in the README.</summary>
public static class RoomTopics
{
    public const string Root = "inclusion";

    /// <summary>The room's state, retained JSON (<see cref="Payloads.RoomStatePayload"/>).</summary>
    public static string State(string roomId) => $"{Root}/{roomId}/state";

    /// <summary>The edge's own availability, retained: <c>online</c> while connected, <c>offline</c> as its MQTT last will.</summary>
    public static string EdgeStatus(string roomId) => $"{Root}/{roomId}/status";

    public const string Online = "online";
    public const string Offline = "offline";

    /// <summary>One event of the room, e.g. <c>inclusion/room-1/event/session_started</c>.</summary>
    public static string Event(string roomId, string kind) => $"{Root}/{roomId}/event/{kind}";

    /// <summary>Alerts that need a person (unescorted presence, device offline).</summary>
    public static string Alert(string roomId) => $"{Root}/{roomId}/alert";

    /// <summary>Commands to one of our ESP devices (visual timer display, door lock).</summary>
    public static string DeviceSet(string roomId, string deviceName) => $"{Root}/{roomId}/device/{deviceName}/set";

    /// <summary>The device's reported state after a command.</summary>
    public static string DeviceState(string roomId, string deviceName) => $"{Root}/{roomId}/device/{deviceName}/state";

    /// <summary>Availability of one of our devices, retained: <c>online</c> / <c>offline</c>.</summary>
    public static string DeviceAvailability(string roomId, string deviceName) => $"{Root}/{roomId}/device/{deviceName}/availability";

    public static bool TryParseDeviceSet(string topic, out string roomId, out string deviceName)
    {
        roomId = deviceName = string.Empty;
        var parts = topic.Split('/');
        if (parts.Length != 5 || parts[0] != Root || parts[2] != "device" || parts[4] != "set") return false;
        if (parts[1].Length == 0 || parts[3].Length == 0) return false;
        roomId = parts[1];
        deviceName = parts[3];
        return true;
    }
}
