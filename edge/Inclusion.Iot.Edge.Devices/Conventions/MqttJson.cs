using System.Text.Json;

namespace Inclusion.Iot.Edge.Devices.Conventions;

/// <summary>Reads a device's JSON payload without throwing: the value, or null and the reason.</summary>
public static class MqttJson
{
    public static T? Deserialize<T>(ReadOnlySpan<byte> payload, JsonSerializerOptions options, out string? error)
        where T : class
    {
        error = null;
        try
        {
            var value = JsonSerializer.Deserialize<T>(payload, options);
            if (value is null) error = "the payload is JSON null";
            return value;
        }
        catch (JsonException e)
        {
            error = $"not a valid {typeof(T).Name} JSON payload: {e.Message}";
            return null;
        }
    }
}
