using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Edge.Devices.Conventions;

namespace Inclusion.Iot.Edge.Worker.Sync;

/// <summary>
/// A recorded event as published on <c>inclusion/&lt;room&gt;/event/&lt;kind&gt;</c>: the contract's field names in snake_case,
/// with <c>schema_version</c> first, like the room state, compact. Enum values are the contract's names (e.g.
/// <c>SESSION_KIND_GROUP</c>). Written by <see cref="ContractJsonWriter"/> as protobuf's JSON mapping has it; text is kept
/// as it is (Cyrillic unescaped), only what JSON requires is escaped.
/// </summary>
public static class EventJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The buffer and writer, reused by each thread: one decision publishes its events one after another.</summary>
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static byte[] ToMqttPayload(EdgeEvent edgeEvent)
    {
        ArgumentNullException.ThrowIfNull(edgeEvent);
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, Options);
        writer.Reset(buffer);
        writer.WriteStartObject();
        writer.WriteNumber("schema_version"u8, Payloads.SchemaVersion);
        ContractJsonWriter.WriteFields(writer, edgeEvent);
        writer.WriteEndObject();
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }
}
