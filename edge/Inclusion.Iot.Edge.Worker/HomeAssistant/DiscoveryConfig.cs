using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Inclusion.Iot.Edge.Devices.Conventions;

namespace Inclusion.Iot.Edge.Worker.HomeAssistant;

/// <summary>
/// The room's Home Assistant device-based discovery config (<c>&lt;prefix&gt;/device/inclusion_&lt;room&gt;/config</c>):
/// one device, the entities of <see cref="RoomEntities.All"/> as its components, all on the retained room state and
/// the edge's availability topic. Read-only: no command topics. Written with <see cref="Utf8JsonWriter"/> (no reflection).
/// </summary>
public static class DiscoveryConfig
{
    public const string Manufacturer = "Inclusion.Iot";
    public const string Model = "Room edge";
    public const string OriginName = "Inclusion.Iot";

    // Templates hold quotes and '<' '>'; the payload goes to Home Assistant over MQTT, never into HTML.
    private static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string DeviceId(string roomId) => $"inclusion_{roomId}";

    public static string UniqueId(string roomId, string key) => $"{DeviceId(roomId)}_{key}";

    public static string Topic(string prefix, string roomId) => $"{prefix}/device/{DeviceId(roomId)}/config";

    /// <summary>Home Assistant's birth and last-will topic: <c>online</c> there means it (re)started and wants discovery again.</summary>
    public static string StatusTopic(string prefix) => $"{prefix}/status";

    public static byte[] Build(string roomId, string softwareVersion, string? supportUrl = null) =>
        Build(roomId, softwareVersion, supportUrl, RoomEntities.All);

    public static byte[] Build(string roomId, string softwareVersion, string? supportUrl, IEnumerable<RoomEntityDescription> entities)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(roomId);
        ArgumentNullException.ThrowIfNull(entities);
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var json = new Utf8JsonWriter(buffer, Writer))
        {
            json.WriteStartObject();
            json.WriteStartObject("dev");
            json.WriteStartArray("identifiers");
            json.WriteStringValue(DeviceId(roomId));
            json.WriteEndArray();
            json.WriteString("name", roomId);
            json.WriteString("manufacturer", Manufacturer);
            json.WriteString("model", Model);
            json.WriteString("sw_version", softwareVersion);
            json.WriteEndObject();

            json.WriteStartObject("o");
            json.WriteString("name", OriginName);
            json.WriteString("sw_version", softwareVersion);
            if (!string.IsNullOrEmpty(supportUrl)) json.WriteString("support_url", supportUrl);
            json.WriteEndObject();

            json.WriteString("availability_topic", RoomTopics.EdgeStatus(roomId));
            json.WriteString("payload_available", RoomTopics.Online);
            json.WriteString("payload_not_available", RoomTopics.Offline);

            json.WriteStartObject("cmps");
            var stateTopic = RoomTopics.State(roomId);
            foreach (var entity in entities)
            {
                json.WriteStartObject(entity.Key);
                json.WriteString("p", entity.Platform);
                json.WriteString("name", entity.Name);
                json.WriteString("unique_id", UniqueId(roomId, entity.Key));
                json.WriteString("state_topic", stateTopic);
                json.WriteString("value_template", entity.ValueTemplate);
                Optional(json, "device_class", entity.DeviceClass);
                Optional(json, "unit_of_measurement", entity.UnitOfMeasurement);
                Optional(json, "icon", entity.Icon);
                Optional(json, "entity_category", entity.EntityCategory);
                if (entity.JsonAttributesTemplate is { } attributes)
                {
                    json.WriteString("json_attributes_topic", stateTopic);
                    json.WriteString("json_attributes_template", attributes);
                }

                if (entity.Options is { } options)
                {
                    json.WriteStartArray("options");
                    foreach (var option in options) json.WriteStringValue(option);
                    json.WriteEndArray();
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Optional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null) json.WriteString(name, value);
    }
}
