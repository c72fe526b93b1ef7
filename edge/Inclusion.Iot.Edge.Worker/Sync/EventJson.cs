using System.Buffers;
using System.Text.Json;
using Google.Protobuf;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Edge.Devices.Conventions;

namespace Inclusion.Iot.Edge.Worker.Sync;

/// <summary>
/// A recorded event as published on <c>inclusion/&lt;room&gt;/event/&lt;kind&gt;</c>: the contract's field names in snake_case,
/// with <c>schema_version</c> first, like the room state. Enum values are the contract's names (e.g. <c>SESSION_KIND_GROUP</c>).
/// </summary>
public static class EventJson
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true));

    public static byte[] ToMqttPayload(EdgeEvent edgeEvent)
    {
        ArgumentNullException.ThrowIfNull(edgeEvent);
        // The formatter's object copied property by property behind schema_version, compact (pooled buffers, no DOM).
        using var body = JsonDocument.Parse(Formatter.Format(edgeEvent));
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schema_version", Payloads.SchemaVersion);
            foreach (var property in body.RootElement.EnumerateObject()) property.WriteTo(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
