using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Server.Api.Demo;
using Inclusion.Iot.Server.Api.Edges;
using Inclusion.Iot.Server.Api.Extensions;
using Inclusion.Iot.Server.Api.Telemetry;
using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Ingest;
using AlertKind = Inclusion.Iot.Contracts.Edge.V1.AlertKind;
using DeviceHealthStatus = Inclusion.Iot.Contracts.Edge.V1.DeviceHealthStatus;
using RefusalReason = Inclusion.Iot.Contracts.Edge.V1.RefusalReason;
using Inclusion.Iot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Inclusion.Iot.Server.Tests.Telemetry;

/// <summary>
/// The telemetry exporter against a real records store (SQLite in <see cref="SqliteTelemetryExportTests"/>,
/// PostgreSQL in <see cref="PostgreSqlTelemetryExportTests"/>) and a real VictoriaMetrics taking InfluxDB 2's
/// <c>/api/v2/write</c>. Events go in through the server's ingest; what arrives is read back from VictoriaMetrics.
/// Each test has its own VictoriaMetrics, so the demo organisation's series are the test's alone.
/// </summary>
public abstract class TelemetryExportTests : IAsyncLifetime
{
    private const string SessionId = "s-fox";
    private readonly List<ServiceProvider> _providers = [];

    protected FakeTimeProvider Time { get; } = new(TelemetryEvents.Start.AddMinutes(5));

    protected StorageOptions Storage { get; private set; } = new();

    protected VictoriaMetricsFixture Tsdb { get; } = new();

    protected CapturedLogs Logs { get; } = new();

    public async Task InitializeAsync()
    {
        Storage = await CreateStorageAsync();
        await using (var db = NewContext())
        {
            await ServerStorage.MigrateAsync(db, Storage, CancellationToken.None);
            await new DemoSeed(db, Time, NullLogger<DemoSeed>.Instance).SeedAsync(CancellationToken.None);
        }

        await Tsdb.InitializeAsync();
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var provider in _providers) await provider.DisposeAsync();
        await Tsdb.DisposeAsync();
    }

    [Fact]
    public async Task Every_exported_kind_arrives_as_its_point_with_pseudonymous_tags_and_nothing_else()
    {
        await IngestAsync(Mix());
        var exporter = NewExporter(batchSize: 5);

        var batches = await ExportAllAsync(exporter);

        Assert.Equal([5, 5, 5, 1], batches.Select(b => b.Read));
        Assert.Equal(ExpectedPoints().Count, batches.Sum(b => b.Written));
        Assert.Equal(await LastRawEventIdAsync(), await CursorAsync());
        var expected = ExpectedPoints().SelectMany(VictoriaMetricsSamples.Of).Order(StringComparer.Ordinal).ToList();
        var (samples, raw) = await VictoriaMetricsSamples.ReadAtLeastAsync(Tsdb.BaseUrl, DemoSeed.OrganisationId, expected.Count);
        Assert.Equal(expected, samples);

        await using var db = NewContext();
        var pupils = await db.Pupils.ToListAsync();
        var staff = await db.Staff.ToListAsync();
        foreach (var text in pupils.SelectMany(p => new[] { p.Id, p.DisplayName, p.FullName }).Concat(staff.SelectMany(s => new[] { s.Id, s.DisplayName })))
        {
            Assert.DoesNotContain(text, raw, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Taras", raw, StringComparison.Ordinal);
        Logs.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task An_outage_of_the_time_series_database_delays_export_with_warnings_and_backoff_and_every_point_arrives_exactly_once()
    {
        var mix = Mix();
        await IngestAsync(mix.Take(6));
        var provider = NewProvider(batchSize: 4);
        var exporter = provider.GetRequiredService<TelemetryExporter>();
        await ExportAllAsync(exporter);
        var before = await CursorAsync();
        Assert.Equal(6, before);

        await Tsdb.StopAsync();
        await IngestAsync(mix.Skip(6));
        await Assert.ThrowsAsync<TelemetryWriteException>(() => exporter.ExportNextAsync(CancellationToken.None));
        Assert.Equal(before, await CursorAsync());

        // The host's loop: it warns with the reason, waits the poll interval, then twice that, and keeps the cursor.
        var service = provider.GetServices<IHostedService>().OfType<TelemetryExportService>().Single();
        await service.StartAsync(CancellationToken.None);
        try
        {
            await AdvanceUntilLoggedAsync("attempt 1 failed, next in 5 s");
            await AdvanceUntilLoggedAsync("attempt 2 failed, next in 10 s");
            Assert.Contains(Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("Connection refused", StringComparison.OrdinalIgnoreCase));
            Assert.Equal(before, await CursorAsync());

            await Tsdb.StartAsync();
            await AdvanceUntilLoggedAsync("works again after 2 failed attempts");
            await AdvanceUntilAsync(async () => await CursorAsync() == await LastRawEventIdAsync());
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }

        var expected = ExpectedPoints().SelectMany(VictoriaMetricsSamples.Of).Order(StringComparer.Ordinal).ToList();
        var (samples, _) = await VictoriaMetricsSamples.ReadAtLeastAsync(Tsdb.BaseUrl, DemoSeed.OrganisationId, expected.Count);
        // Exactly once: VictoriaMetrics keeps a second copy of a sample as a second sample (no deduplication here).
        Assert.Equal(expected, samples);
        Logs.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task The_cursor_is_durable_a_new_exporter_on_the_same_records_writes_nothing_twice()
    {
        var mix = Mix();
        await IngestAsync(mix.Take(10));
        var first = NewProvider(batchSize: 500);
        Assert.Equal(10, (await first.GetRequiredService<TelemetryExporter>().ExportNextAsync(CancellationToken.None)).Read);
        await first.DisposeAsync();
        _providers.Remove(first);

        var second = NewExporter(batchSize: 500);
        Assert.Equal(new TelemetryBatchResult(0, 0, 0, 10, Full: false), await second.ExportNextAsync(CancellationToken.None));

        await IngestAsync(mix.Skip(10));
        var batches = await ExportAllAsync(second);
        Assert.Equal(mix.Count - 10, batches.Sum(b => b.Read));

        var expected = ExpectedPoints().SelectMany(VictoriaMetricsSamples.Of).Order(StringComparer.Ordinal).ToList();
        var (samples, _) = await VictoriaMetricsSamples.ReadAtLeastAsync(Tsdb.BaseUrl, DemoSeed.OrganisationId, expected.Count);
        Assert.Equal(expected, samples);
    }

    [Fact]
    public async Task A_malformed_raw_event_is_logged_once_as_an_error_and_passed_over_even_when_its_batch_is_retried()
    {
        await IngestAsync([TelemetryEvents.AlertRaised(1, AlertKind.UnescortedPresence)]);
        // Not an EdgeEvent: a varint that never ends.
        var garbage = Enumerable.Repeat((byte)0xFF, 12).ToArray();
        Assert.ThrowsAny<Google.Protobuf.InvalidProtocolBufferException>(() => EdgeEvent.Parser.ParseFrom(garbage));
        await using (var db = NewContext())
        {
            db.RawEvents.Add(new RawEvent { EdgeId = DemoSeed.EdgeId, Sequence = 1_000, Kind = "SessionStarted", OccurredAt = TelemetryEvents.Start.UtcDateTime, ReceivedAt = Time.GetUtcNow().UtcDateTime, Payload = garbage });
            await db.SaveChangesAsync();
        }

        await IngestAsync([TelemetryEvents.AlertCleared(2, AlertKind.UnescortedPresence, 14)]);
        Logs.ExpectError("is not a readable EdgeEvent");
        var exporter = NewExporter(batchSize: 500);

        await Tsdb.StopAsync();
        await Assert.ThrowsAsync<TelemetryWriteException>(() => exporter.ExportNextAsync(CancellationToken.None));
        Assert.Equal(0, await CursorAsync());
        await Tsdb.StartAsync();
        var batch = await exporter.ExportNextAsync(CancellationToken.None);

        Assert.Equal((3, 2, 1), (batch.Read, batch.Written, batch.Malformed));
        Assert.Equal(await LastRawEventIdAsync(), await CursorAsync());
        var error = Assert.Single(Logs.Errors);
        Assert.Contains("sequence 1000", error, StringComparison.Ordinal);
        // alert_active and alert_sequence of the raised alert; alert_active, alert_seconds_to_clear and alert_sequence of the cleared one.
        var (samples, _) = await VictoriaMetricsSamples.ReadAtLeastAsync(Tsdb.BaseUrl, DemoSeed.OrganisationId, 5);
        Assert.Equal(5, samples.Count);
    }

    [Fact]
    public async Task A_gap_in_the_raw_event_ids_is_waited_for_while_young_and_passed_over_once_it_is_old()
    {
        await IngestAsync([TelemetryEvents.AlertRaised(1, AlertKind.UnescortedPresence), TelemetryEvents.AlertCleared(2, AlertKind.UnescortedPresence, 14)]);
        var last = await LastRawEventIdAsync();
        // As an upload on another edge that took ids last+1 and last+2 but has not committed (or rolled back) would leave it.
        await using (var db = NewContext())
        {
            var edgeEvent = TelemetryEvents.AlertRaised(3, AlertKind.LastEscortLeft);
            db.RawEvents.Add(new RawEvent
            {
                Id = last + 3, EdgeId = DemoSeed.EdgeId, Sequence = 3, Kind = "AlertRaised",
                OccurredAt = edgeEvent.OccurredAt.ToDateTime(), ReceivedAt = Time.GetUtcNow().UtcDateTime, Payload = Google.Protobuf.MessageExtensions.ToByteArray(edgeEvent),
            });
            await db.SaveChangesAsync();
        }

        var exporter = NewExporter(batchSize: 500);
        Assert.Equal((2, last), ((await exporter.ExportNextAsync(CancellationToken.None)).Read, await CursorAsync()));
        Assert.Equal(0, (await exporter.ExportNextAsync(CancellationToken.None)).Read);

        Time.Advance(TelemetryExporter.GapGrace);
        var batch = await exporter.ExportNextAsync(CancellationToken.None);
        Assert.Equal((1, 1, last + 3), (batch.Read, batch.Written, await CursorAsync()));
    }

    [Fact]
    public async Task An_answer_other_than_204_is_a_failed_write_and_keeps_the_cursor()
    {
        await IngestAsync([TelemetryEvents.AlertRaised(1, AlertKind.UnescortedPresence)]);
        // VictoriaMetrics answers a path it does not serve with 400.
        var exporter = NewProvider(batchSize: 500, url: new Uri(Tsdb.BaseUrl, "/not-influx/").ToString()).GetRequiredService<TelemetryExporter>();

        var failure = await Assert.ThrowsAsync<TelemetryWriteException>(() => exporter.ExportNextAsync(CancellationToken.None));

        Assert.Contains("HTTP 400", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CursorAsync());
    }

    protected abstract Task<StorageOptions> CreateStorageAsync();

    protected ServerDbContext NewContext()
    {
        var builder = new DbContextOptionsBuilder<ServerDbContext>();
        ServerStorage.Configure(builder, Storage);
        return new ServerDbContext(builder.Options);
    }

    /// <summary>Events of every exported kind and some that are not, for one session of Fox joined by Newt.</summary>
    private static List<EdgeEvent> Mix() =>
    [
        TelemetryEvents.SessionStarted(1, SessionId, "p-3f9a1c"),
        TelemetryEvents.PupilJoined(2, SessionId, "p-8a6c13"),
        TelemetryEvents.Extended(3, SessionId, 25),
        TelemetryEvents.Occupancy(4, true),
        TelemetryEvents.AlertRaised(5, AlertKind.UnescortedPresence),
        TelemetryEvents.AlertCleared(6, AlertKind.UnescortedPresence, 14),
        TelemetryEvents.Health(7, "presence", DeviceHealthStatus.LowBattery, battery: 12, linkQuality: 80),
        TelemetryEvents.Health(8, "presence", DeviceHealthStatus.Offline),
        TelemetryEvents.Availability(9, "lamp", online: false),
        TelemetryEvents.Refused(10, RefusalReason.WeeklyLimit, "R-WEEK"),
        TelemetryEvents.Refused(11, RefusalReason.UnknownBadge, ""),
        TelemetryEvents.Overridden(12, "R-SCHED"),
        TelemetryEvents.Warned(13, SessionId),
        TelemetryEvents.OccupancyEnded(14, seconds: 90),
        TelemetryEvents.SessionEnded(15, SessionId, actualSeconds: 1530, overrunSeconds: 330),
        TelemetryEvents.Availability(16, "lamp", online: true),
    ];

    /// <summary>The schema of server/README.md, written out: what <see cref="Mix"/> must become.</summary>
    private static List<TelemetryPoint> ExpectedPoints() =>
    [
        Point(1, "session_started", [("kind", "individual")], [("pupils", 1), ("planned_minutes", 20)]),
        Point(5, "alert", [("kind", "unescorted_presence")], [("active", 1)]),
        Point(6, "alert", [("kind", "unescorted_presence")], [("active", 0), ("seconds_to_clear", 14)]),
        Point(7, "device_health", [("device", "presence"), ("status", "low_battery")], [("online", 1), ("battery", 12), ("link_quality", 80)]),
        Point(8, "device_health", [("device", "presence"), ("status", "offline")], [("online", 0)]),
        Point(9, "device_health", [("device", "lamp"), ("status", "offline")], [("online", 0)]),
        Point(10, "decision", [("outcome", "refused"), ("rule_id", "R-WEEK"), ("reason", "weekly_limit")], [("count", 1)]),
        Point(11, "decision", [("outcome", "refused"), ("rule_id", "none"), ("reason", "unknown_badge")], [("count", 1)]),
        Point(12, "decision", [("outcome", "overridden"), ("rule_id", "R-SCHED")], [("count", 1)]),
        Point(13, "decision", [("outcome", "warned"), ("rule_id", "R-WEEK"), ("reason", "weekly_limit")], [("count", 1)]),
        Point(14, "occupancy", [], [("seconds", 90)]),
        // The session's record: extended to 25 minutes, two pupils by the end.
        Point(15, "session", [("kind", "individual"), ("end_reason", "escort_badged_out")],
            [("planned_minutes", 25), ("actual_seconds", 1530), ("overrun_seconds", 330), ("pupils", 2)]),
        Point(16, "device_health", [("device", "lamp"), ("status", "online")], [("online", 1)]),
    ];

    private static TelemetryPoint Point(long sequence, string measurement, (string, string)[] tags, (string, long)[] fields)
    {
        var tagSet = new Dictionary<string, string> { ["organisation_id"] = DemoSeed.OrganisationId, ["room_id"] = DemoSeed.RoomId };
        foreach (var (key, value) in tags) tagSet.Add(key, value);
        var fieldSet = new Dictionary<string, long> { ["sequence"] = sequence };
        foreach (var (key, value) in fields) fieldSet.Add(key, value);
        return new TelemetryPoint(measurement, tagSet, fieldSet, (TelemetryEvents.Milliseconds(sequence) * 1_000_000) + sequence);
    }

    private ServiceProvider NewProvider(int batchSize, string? url = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = Storage.Provider,
            ["Storage:ConnectionString"] = Storage.ConnectionString,
            ["Telemetry:Enabled"] = "true",
            ["Telemetry:Url"] = url ?? Tsdb.BaseUrl.ToString(),
            ["Telemetry:Organisation"] = "inclusion",
            ["Telemetry:Bucket"] = "rooms",
            ["Telemetry:Token"] = "test-token",
            ["Telemetry:BatchSize"] = batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build());
        services.AddSingleton<TimeProvider>(Time);
        services.AddLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        services.AddServerStorage().AddTelemetryExport();
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider;
    }

    private TelemetryExporter NewExporter(int batchSize) => NewProvider(batchSize).GetRequiredService<TelemetryExporter>();

    private async Task IngestAsync(IEnumerable<EdgeEvent> events)
    {
        await using var db = NewContext();
        await ((IEventIngest)new EventIngest(db, Time, NullLogger<EventIngest>.Instance)).IngestAsync(Events.Batch(events), CancellationToken.None);
    }

    private static async Task<List<TelemetryBatchResult>> ExportAllAsync(TelemetryExporter exporter)
    {
        var batches = new List<TelemetryBatchResult>();
        while (true)
        {
            var batch = await exporter.ExportNextAsync(CancellationToken.None);
            if (batch.Read == 0) return batches;
            batches.Add(batch);
        }
    }

    private async Task<long> CursorAsync()
    {
        await using var db = NewContext();
        return (await db.TelemetryCursors.SingleOrDefaultAsync(c => c.Id == TelemetryCursor.InfluxDb))?.LastRawEventId ?? 0;
    }

    private async Task<long> LastRawEventIdAsync()
    {
        await using var db = NewContext();
        return await db.RawEvents.MaxAsync(r => r.Id);
    }

    /// <summary>Moves the fake clock a second at a time until the exporter's loop logs <paramref name="text"/>.</summary>
    private Task AdvanceUntilLoggedAsync(string text) =>
        AdvanceUntilAsync(() => Task.FromResult(Logs.Lines.Any(l => l.Contains(text, StringComparison.Ordinal))), text);

    private async Task AdvanceUntilAsync(Func<Task<bool>> done, string? what = null)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!await done())
        {
            Assert.False(deadline.IsCancellationRequested, $"Timed out waiting for: {what ?? "the condition"}. Logs:\n{string.Join('\n', Logs.Lines)}");
            Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(50);
        }
    }
}
