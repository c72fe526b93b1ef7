using System.Collections;
using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Inclusion.Iot.Edge.Worker.Sync;

/// <summary>
/// A contract message's fields as protobuf's JSON mapping has them (what <see cref="JsonFormatter"/> writes with the
/// proto's field names), straight into a <see cref="Utf8JsonWriter"/>: fields in number order, a field without presence
/// left out at its default, a oneof member or a message field written when set, 64-bit integers as strings, enums by
/// name, timestamps in RFC 3339 with 0, 3, 6 or 9 fractional digits, bytes in base64. For the events' MQTT JSON, which
/// went through the formatter's text and then a pass over it (most of the cost of an event on MQTT). Covers what the
/// events hold; a field type they do not (a map, a floating-point number, a well-known type other than Timestamp) throws,
/// and <c>ContractJsonWriterTests</c> compares every event body with the formatter's output.
/// </summary>
public static class ContractJsonWriter
{
    public static void WriteFields(Utf8JsonWriter writer, IMessage message)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(message);
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var accessor = field.Accessor;
            if (field.IsMap) throw new NotSupportedException($"{field.FullName}: maps are not written (no event holds one).");
            if (field.IsRepeated)
            {
                var list = (IList)accessor.GetValue(message);
                if (list.Count == 0) continue;
                writer.WritePropertyName(field.Name);
                writer.WriteStartArray();
                foreach (var item in list) WriteValue(writer, field, item);
                writer.WriteEndArray();
                continue;
            }

            if (field.HasPresence ? !accessor.HasValue(message) : IsDefault(field, accessor.GetValue(message))) continue;
            writer.WritePropertyName(field.Name);
            WriteValue(writer, field, accessor.GetValue(message));
        }
    }

    private static bool IsDefault(FieldDescriptor field, object value) => field.FieldType switch
    {
        FieldType.Bool => !(bool)value,
        FieldType.String => ((string)value).Length == 0,
        FieldType.Bytes => ((ByteString)value).IsEmpty,
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => (int)value == 0,
        FieldType.UInt32 or FieldType.Fixed32 => (uint)value == 0,
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => (long)value == 0,
        FieldType.UInt64 or FieldType.Fixed64 => (ulong)value == 0,
        FieldType.Enum => (int)value == 0,
        FieldType.Message or FieldType.Group => value is null,
        _ => throw new NotSupportedException($"{field.FullName}: {field.FieldType} is not written (no event holds one)."),
    };

    private static void WriteValue(Utf8JsonWriter writer, FieldDescriptor field, object value)
    {
        switch (field.FieldType)
        {
            case FieldType.Bool:
                writer.WriteBooleanValue((bool)value);
                break;
            case FieldType.String:
                writer.WriteStringValue((string)value);
                break;
            case FieldType.Bytes:
                writer.WriteBase64StringValue(((ByteString)value).Span);
                break;
            case FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32:
                writer.WriteNumberValue((int)value);
                break;
            case FieldType.UInt32 or FieldType.Fixed32:
                writer.WriteNumberValue((uint)value);
                break;
            case FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64:
                WriteQuotedInteger(writer, (long)value);
                break;
            case FieldType.UInt64 or FieldType.Fixed64:
                WriteQuotedInteger(writer, (ulong)value);
                break;
            case FieldType.Enum:
                // A boxed enum unboxes as its underlying int.
                var number = (int)value;
                if (field.EnumType.FindValueByNumber(number) is { } known) writer.WriteStringValue(known.Name);
                else writer.WriteNumberValue(number);
                break;
            case FieldType.Message:
                if (value is Timestamp timestamp)
                {
                    WriteTimestamp(writer, timestamp);
                    break;
                }

                if (field.MessageType.FullName.StartsWith("google.protobuf.", StringComparison.Ordinal))
                {
                    throw new NotSupportedException($"{field.FullName}: {field.MessageType.FullName} is not written (no event holds one).");
                }

                writer.WriteStartObject();
                WriteFields(writer, (IMessage)value);
                writer.WriteEndObject();
                break;
            default:
                throw new NotSupportedException($"{field.FullName}: {field.FieldType} is not written (no event holds one).");
        }
    }

    /// <summary>A 64-bit integer as protobuf's JSON mapping writes it: its decimal digits in a string.</summary>
    private static void WriteQuotedInteger<T>(Utf8JsonWriter writer, T value)
        where T : IUtf8SpanFormattable
    {
        // 20 bytes: ulong.MaxValue's digits, or long.MinValue's and its sign.
        Span<byte> digits = stackalloc byte[20];
        value.TryFormat(digits, out var length, default, CultureInfo.InvariantCulture);
        writer.WriteStringValue(digits[..length]);
    }

    /// <summary>As protobuf's JSON mapping: UTC, "Z", and the nanoseconds in 3, 6 or 9 digits when there are any.</summary>
    private static void WriteTimestamp(Utf8JsonWriter writer, Timestamp timestamp)
    {
        Span<byte> text = stackalloc byte[40];
        var at = DateTime.UnixEpoch.AddSeconds(timestamp.Seconds);
        at.TryFormat(text, out var length, "yyyy'-'MM'-'dd'T'HH':'mm':'ss", CultureInfo.InvariantCulture);
        var nanos = timestamp.Nanos;
        if (nanos != 0)
        {
            text[length++] = (byte)'.';
            var (digits, scaled) = nanos % 1_000_000 == 0 ? (3, nanos / 1_000_000) : nanos % 1_000 == 0 ? (6, nanos / 1_000) : (9, nanos);
            scaled.TryFormat(text[length..], out _, digits == 3 ? "D3" : digits == 6 ? "D6" : "D9", CultureInfo.InvariantCulture);
            length += digits;
        }

        text[length++] = (byte)'Z';
        writer.WriteStringValue(text[..length]);
    }
}
