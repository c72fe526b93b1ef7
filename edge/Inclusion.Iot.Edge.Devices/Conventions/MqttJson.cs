using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Inclusion.Iot.Edge.Devices.Conventions;

/// <summary>Reads a device's JSON payload without throwing: the value, or null and the reason.</summary>
public static class MqttJson
{
    /// <param name="payload">The message as received.</param>
    /// <param name="typeInfo">The generated contract, e.g. <c>PayloadJson.Default.SensorState</c> (no reflection).</param>
    /// <param name="error">Why there is no value.</param>
    public static T? Deserialize<T>(ReadOnlySpan<byte> payload, JsonTypeInfo<T> typeInfo, out string? error)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        error = null;
        try
        {
            var value = JsonSerializer.Deserialize(payload, typeInfo);
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
