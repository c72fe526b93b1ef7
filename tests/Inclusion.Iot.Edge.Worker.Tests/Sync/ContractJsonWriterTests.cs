using System.Collections;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Edge.Worker.Sync;

namespace Inclusion.Iot.Edge.Worker.Tests;

/// <summary>The events' MQTT JSON against protobuf's own <see cref="JsonFormatter"/>, for every body an event can have.</summary>
public sealed class ContractJsonWriterTests
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true));

    public static TheoryData<string> EveryBody()
    {
        var data = new TheoryData<string>();
        foreach (var field in EdgeEvent.Descriptor.Oneofs.Single().Fields) data.Add(field.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryBody))]
    public void An_event_with_every_field_set_is_written_as_protobufs_formatter_writes_it(string body)
    {
        foreach (var variant in new[] { 1, 2, 3 })
        {
            var edgeEvent = new EdgeEvent();
            Fill(edgeEvent, variant, body);

            AssertSameJson(Formatter.Format(edgeEvent), Written(edgeEvent));
        }
    }

    [Theory]
    [MemberData(nameof(EveryBody))]
    public void An_event_whose_body_holds_only_defaults_still_names_its_body(string body)
    {
        var edgeEvent = new EdgeEvent();
        var field = EdgeEvent.Descriptor.FindFieldByName(body);
        field.Accessor.SetValue(edgeEvent, field.MessageType.Parser.ParseFrom(ByteString.Empty));

        var written = Written(edgeEvent);

        AssertSameJson(Formatter.Format(edgeEvent), written);
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(written).RootElement.GetProperty(body).ValueKind);
    }

    [Fact]
    public void An_empty_event_is_an_empty_object()
    {
        Assert.Equal("{}", Written(new EdgeEvent()));
    }

    [Theory]
    [InlineData(0, "2026-12-03T14:00:00Z")]
    [InlineData(5_000_000, "2026-12-03T14:00:00.005Z")]
    [InlineData(123_456_000, "2026-12-03T14:00:00.123456Z")]
    [InlineData(1, "2026-12-03T14:00:00.000000001Z")]
    public void A_timestamp_has_the_fraction_the_mapping_gives_it(int nanos, string expected)
    {
        var edgeEvent = new EdgeEvent { OccurredAt = new Timestamp { Seconds = new DateTimeOffset(2026, 12, 3, 14, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), Nanos = nanos } };

        var json = JsonDocument.Parse(Written(edgeEvent)).RootElement;

        Assert.Equal(expected, json.GetProperty("occurred_at").GetString());
        AssertSameJson(Formatter.Format(edgeEvent), Written(edgeEvent));
    }

    [Fact]
    public void A_message_with_a_map_is_refused_rather_than_written_wrong()
    {
        var counts = new WeekCounts { SessionsElsewhere = { ["p-1"] = 2 } };
        using var stream = new MemoryStream();
        using var writer = new Utf8JsonWriter(stream);

        Assert.Throws<NotSupportedException>(() => ContractJsonWriter.WriteFields(writer, counts));
    }

    private static string Written(IMessage message)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            ContractJsonWriter.WriteFields(writer, message);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Every field of the message set to a value that is not its default (the body only for the oneof).</summary>
    private static void Fill(IMessage message, int variant, string? body = null)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.ContainingOneof is { } oneof && !oneof.IsSynthetic && field.Name != body) continue;
            if (field.IsMap) continue;
            if (field.IsRepeated)
            {
                var list = (IList)field.Accessor.GetValue(message);
                for (var i = 0; i < variant; i++) list.Add(Value(field, variant + i));
                continue;
            }

            field.Accessor.SetValue(message, Value(field, variant));
        }
    }

    private static object Value(FieldDescriptor field, int variant) => field.FieldType switch
    {
        FieldType.Bool => true,
        // Quotes, a backslash, a control character, HTML's characters and Cyrillic: what escaping must get right.
        FieldType.String => variant switch { 1 => "Зчитувач \"вхід\" \\ 2 с", 2 => "a<b>&'c'\n\td\u0001", _ => "p-3f9a1c" },
        FieldType.Bytes => ByteString.CopyFrom([1, 2, 3, (byte)variant]),
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => variant == 2 ? -42 : 2400 + variant,
        FieldType.UInt32 or FieldType.Fixed32 => (uint)(7 + variant),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => variant == 2 ? -9_007_199_254_740_993L : 1_234_567_890_123L + variant,
        FieldType.UInt64 or FieldType.Fixed64 => 18_000_000_000_000_000_000UL + (ulong)variant,
        FieldType.Enum => EnumValue(field, variant),
        FieldType.Message when field.MessageType.FullName == Timestamp.Descriptor.FullName =>
            new Timestamp { Seconds = 1_796_300_000 + variant, Nanos = variant switch { 1 => 0, 2 => 250_000_000, _ => 123_456_789 } },
        FieldType.Message => Nested(field, variant),
        _ => throw new NotSupportedException(field.FieldType.ToString()),
    };

    private static object EnumValue(FieldDescriptor field, int variant)
    {
        var values = field.EnumType.Values;
        var number = values[Math.Min(variant, values.Count - 1)].Number;
        return System.Enum.ToObject(field.EnumType.ClrType, number);
    }

    private static IMessage Nested(FieldDescriptor field, int variant)
    {
        var nested = field.MessageType.Parser.ParseFrom(ByteString.Empty);
        Fill(nested, variant);
        return nested;
    }

    private static void AssertSameJson(string expected, string actual)
    {
        var (e, a) = (JsonDocument.Parse(expected).RootElement, JsonDocument.Parse(actual).RootElement);
        Assert.True(JsonElement.DeepEquals(e, a), $"expected {expected}\nactual   {actual}");
        // The same fields in the same order, too.
        Assert.Equal(Names(e), Names(a));
    }

    private static List<string> Names(JsonElement element)
    {
        var names = new List<string>();
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                names.Add(property.Name);
                names.AddRange(Names(property.Value));
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray()) names.AddRange(Names(item));
        }

        return names;
    }
}
