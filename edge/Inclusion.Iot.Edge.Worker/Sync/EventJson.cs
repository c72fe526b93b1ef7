using System.Buffers;
using System.Globalization;
using System.Text;
using Google.Protobuf;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Edge.Devices.Conventions;

namespace Inclusion.Iot.Edge.Worker.Sync;

/// <summary>
/// A recorded event as published on <c>inclusion/&lt;room&gt;/event/&lt;kind&gt;</c>: the contract's field names in snake_case,
/// with <c>schema_version</c> first, like the room state, compact. Enum values are the contract's names (e.g.
/// <c>SESSION_KIND_GROUP</c>).
/// </summary>
public static class EventJson
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true));
    private static readonly string Head = string.Create(CultureInfo.InvariantCulture, $"{{\"schema_version\":{Payloads.SchemaVersion}");

    /// <summary>The formatter's text, reused by each thread: one decision publishes its events one after another.</summary>
    [ThreadStatic]
    private static StringWriter? t_text;

    public static byte[] ToMqttPayload(EdgeEvent edgeEvent)
    {
        ArgumentNullException.ThrowIfNull(edgeEvent);
        var text = t_text ??= new StringWriter(new StringBuilder(512), CultureInfo.InvariantCulture);
        var formatted = text.GetStringBuilder().Clear();
        Formatter.Format(edgeEvent, text);
        // The formatter writes "{ "a": 1, "b": { } }": its spaces dropped outside strings and schema_version put first, in
        // one pass over its text (this was a JsonDocument of the text copied property by property, 10 KB per event).
        var chars = ArrayPool<char>.Shared.Rent(Head.Length + formatted.Length + 1);
        try
        {
            Head.CopyTo(chars);
            var length = Head.Length;
            bool opened = false, empty = true, inString = false, escaped = false;
            foreach (var chunk in formatted.GetChunks())
            {
                foreach (var c in chunk.Span)
                {
                    if (inString)
                    {
                        chars[length++] = c;
                        if (escaped) escaped = false;
                        else if (c == '\\') escaped = true;
                        else if (c == '"') inString = false;
                        continue;
                    }

                    if (c is ' ' or '\t' or '\r' or '\n') continue;
                    if (!opened)
                    {
                        // The object's own brace: Head opened it.
                        opened = true;
                        continue;
                    }

                    if (empty && c != '}')
                    {
                        chars[length++] = ',';
                        empty = false;
                    }

                    if (c == '"') inString = true;
                    chars[length++] = c;
                }
            }

            if (empty) chars[length++] = '}';
            return Encoding.UTF8.GetBytes(chars, 0, length);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }
}
