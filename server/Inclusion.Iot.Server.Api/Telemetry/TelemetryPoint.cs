using System.Globalization;
using System.Text;

namespace Inclusion.Iot.Server.Api.Telemetry;

/// <summary>
/// One InfluxDB point: measurement, tags (sorted by key, as InfluxDB keeps them), integer fields and a nanosecond
/// timestamp. <see cref="ToLineProtocol"/> is canonical: the same point always gives the same line.
/// </summary>
public sealed record TelemetryPoint(string Measurement, IReadOnlyDictionary<string, string> Tags, IReadOnlyDictionary<string, long> Fields, long TimestampNs)
{
    public string ToLineProtocol()
    {
        var line = new StringBuilder(128);
        line.Append(Escape(Measurement, measurement: true));
        foreach (var (key, value) in Tags.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            line.Append(',').Append(Escape(key, measurement: false)).Append('=').Append(Escape(value, measurement: false));
        }

        var separator = ' ';
        foreach (var (key, value) in Fields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            line.Append(separator).Append(Escape(key, measurement: false)).Append('=').Append(value.ToString(CultureInfo.InvariantCulture)).Append('i');
            separator = ',';
        }

        return line.Append(' ').Append(TimestampNs.ToString(CultureInfo.InvariantCulture)).ToString();
    }

    /// <summary>Line protocol escaping: commas and spaces everywhere, equals signs also in tag keys and values and field keys.</summary>
    private static string Escape(string value, bool measurement)
    {
        var escaped = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            // A line break would end the line: no id the exporter writes has one, but a stray one must not split a point.
            var character = c is '\n' or '\r' ? ' ' : c;
            if (character is ',' or ' ' || (character == '=' && !measurement))
            {
                escaped.Append('\\');
            }

            escaped.Append(character);
        }

        return escaped.ToString();
    }
}
