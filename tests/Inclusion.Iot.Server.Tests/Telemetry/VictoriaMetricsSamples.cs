using System.Globalization;
using System.Text.Json;
using Inclusion.Iot.Server.Api.Telemetry;

namespace Inclusion.Iot.Server.Tests.Telemetry;

/// <summary>
/// What VictoriaMetrics holds, as one line per sample: <c>metric{label=value,…} value @milliseconds</c>. A point of
/// measurement m with fields f1, f2 is the metrics m_f1 and m_f2 there, its tags the labels (sorted).
/// </summary>
internal static class VictoriaMetricsSamples
{
    /// <summary>Every sample of every series the demo organisation's points made, and the raw export text.</summary>
    public static async Task<(List<string> Samples, string Raw)> ReadAsync(Uri baseUrl, string organisationId)
    {
        using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(10) };
        (await http.GetAsync(new Uri("/internal/force_flush", UriKind.Relative))).Dispose();
        var match = Uri.EscapeDataString($"{{organisation_id=\"{organisationId}\"}}");
        var raw = await http.GetStringAsync(new Uri($"/api/v1/export?match[]={match}&start=0", UriKind.Relative));
        var samples = new List<string>();
        foreach (var line in raw.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var series = JsonDocument.Parse(line);
            var metric = series.RootElement.GetProperty("metric");
            var name = metric.GetProperty("__name__").GetString();
            var labels = metric.EnumerateObject().Where(p => p.Name != "__name__")
                .Select(p => $"{p.Name}={p.Value.GetString()}").Order(StringComparer.Ordinal);
            var values = series.RootElement.GetProperty("values").EnumerateArray().ToList();
            var timestamps = series.RootElement.GetProperty("timestamps").EnumerateArray().ToList();
            for (var i = 0; i < values.Count; i++)
            {
                samples.Add($"{name}{{{string.Join(',', labels)}}} {values[i].GetDouble().ToString(CultureInfo.InvariantCulture)} @{timestamps[i].GetInt64().ToString(CultureInfo.InvariantCulture)}");
            }
        }

        samples.Sort(StringComparer.Ordinal);
        return (samples, raw);
    }

    /// <summary>Reads until at least <paramref name="count"/> samples are there (writes become visible within moments).</summary>
    public static async Task<(List<string> Samples, string Raw)> ReadAtLeastAsync(Uri baseUrl, string organisationId, int count)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var read = await ReadAsync(baseUrl, organisationId);
            if (read.Samples.Count >= count || deadline.IsCancellationRequested) return read;
            await Task.Delay(100);
        }
    }

    /// <summary>The samples a point becomes in VictoriaMetrics (which keeps milliseconds: the sub-millisecond digits go).</summary>
    public static IEnumerable<string> Of(TelemetryPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var labels = string.Join(',', point.Tags.Select(t => $"{t.Key}={t.Value}").Order(StringComparer.Ordinal));
        var milliseconds = point.TimestampNs / 1_000_000;
        return point.Fields.Select(f =>
            $"{point.Measurement}_{f.Key}{{{labels}}} {f.Value.ToString(CultureInfo.InvariantCulture)} @{milliseconds.ToString(CultureInfo.InvariantCulture)}");
    }
}
