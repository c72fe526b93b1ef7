using System.Text.Json;
using System.Text.RegularExpressions;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Server.Api.Telemetry;

namespace Inclusion.Iot.Server.Tests.Telemetry;

/// <summary>
/// The provisioned Grafana dashboard (deploy/grafana/dashboards/room-usage.json) reads what the exporter writes: every
/// measurement, field and tag a panel's Flux query names is one the exporter's points carry.
/// </summary>
public sealed partial class GrafanaDashboardTests
{
    private static readonly TelemetryRoom Room = new("org-demo", "room-sensory-1");

    [Fact]
    public void Every_measurement_field_and_tag_the_dashboard_reads_is_written_by_the_exporter()
    {
        EdgeEvent[] events =
        [
            TelemetryEvents.SessionStarted(1, "s-1", "p-1"),
            TelemetryEvents.SessionEnded(2, "s-1", 1200, 0),
            TelemetryEvents.OccupancyEnded(3, 600),
            TelemetryEvents.Health(4, "presence", DeviceHealthStatus.Offline, battery: 40, linkQuality: 90),
            TelemetryEvents.Availability(5, "presence", online: false),
            TelemetryEvents.AlertRaised(6, AlertKind.UnescortedPresence),
            TelemetryEvents.AlertCleared(7, AlertKind.UnescortedPresence, 12),
            TelemetryEvents.Refused(8, RefusalReason.WeeklyLimit, "R-WEEK"),
            TelemetryEvents.Overridden(9, "R-SCHED"),
            TelemetryEvents.Warned(10, "s-1"),
        ];
        var points = events.Select(e => TelemetryPoints.For(e, e.OccurredAt.ToDateTime(), Room, _ => new TelemetrySession("individual", 20, 1))).OfType<TelemetryPoint>().ToList();
        var fields = points.GroupBy(p => p.Measurement).ToDictionary(g => g.Key, g => g.SelectMany(p => p.Fields.Keys).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var tags = points.GroupBy(p => p.Measurement).ToDictionary(g => g.Key, g => g.SelectMany(p => p.Tags.Keys).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);

        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(Inclusion.Iot.Testing.RepositoryLayout.Root, "deploy", "grafana", "dashboards", "room-usage.json")));
        var queries = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => (Panel: p.GetProperty("title").GetString()!, Query: t.GetProperty("query").GetString()!)))
            .ToList();
        Assert.Equal(6, queries.Count);
        foreach (var (panel, query) in queries)
        {
            var measurement = Measurement().Match(query).Groups[1].Value;
            Assert.True(fields.ContainsKey(measurement), $"{panel}: measurement '{measurement}' is not exported");
            var field = Field().Match(query).Groups[1].Value;
            Assert.Contains(field, fields[measurement]);
            foreach (Match used in TagUse().Matches(query))
            {
                var tag = used.Groups[1].Success ? used.Groups[1].Value : used.Groups[2].Value;
                Assert.True(tags[measurement].Contains(tag), $"{panel}: tag '{tag}' is not on '{measurement}' points");
            }
        }
    }

    [GeneratedRegex("""r\._measurement == "([a-z_]+)""")]
    private static partial Regex Measurement();

    [GeneratedRegex("""r\._field == "([a-z_]+)""")]
    private static partial Regex Field();

    /// <summary>Tags a query filters on (r.&lt;tag&gt;) or groups and keeps by (columns: ["…"]), other than Flux's own columns.</summary>
    [GeneratedRegex("(?:r\\.(?!_)([a-z_]+)\\b)|\"(room_id|device|status|kind|rule_id|outcome|reason|end_reason|organisation_id)\"")]
    private static partial Regex TagUse();
}
