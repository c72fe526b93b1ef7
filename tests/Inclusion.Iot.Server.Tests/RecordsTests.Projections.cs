using Inclusion.Iot.Server.Api.Edges;
using Inclusion.Iot.Server.Api.Extensions;
using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Ingest;
using Inclusion.Iot.Server.Records.Projections;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using V1 = Inclusion.Iot.Contracts.Edge.V1;

namespace Inclusion.Iot.Server.Tests;

/// <summary>Multi-batch ingest, the projections, their rebuild and the edge clocks, on both stores.</summary>
public abstract partial class RecordsTests
{
    private const string SecondEdgeId = "edge-sensory-2";

    private static DateTime At(long second) => Events.Start.AddSeconds(second).UtcDateTime;

    [Fact]
    public async Task Several_edges_batches_are_stored_in_one_call_with_a_result_per_batch_and_one_edges_batches_in_order()
    {
        await AddSecondEdgeAsync();
        await using var db = NewContext();
        IEventIngest ingest = new EventIngest(db, Time, NullLogger<EventIngest>.Instance);
        var results = await ingest.IngestAsync(
        [
            Events.Batch([Events.Started(1, "s-one"), Events.Occupancy(2, true), Events.Occupancy(3, false)]),
            Events.Batch([Events.Started(1, "s-two", "p-7b2e4d", "staff-ivan"), Events.Occupancy(2, true), Events.Ended(4, "s-two")], SecondEdgeId),
            Events.Batch([Events.Occupancy(3, false), Events.EscortJoined(4, "s-one", "staff-ivan"), Events.Ended(5, "s-one")]),
            Events.Batch([Events.Occupancy(3, false)], SecondEdgeId),
        ], CancellationToken.None);

        Assert.Equal([new IngestResult(3, 3, 0, null), new IngestResult(2, 2, 0, 2), new IngestResult(5, 2, 1, null), new IngestResult(3, 1, 0, null)], results);
        await using var check = NewContext();
        Assert.Equal([5L, 3L], await check.Edges.OrderBy(e => e.Id).Select(e => e.HighWaterSequence).ToListAsync());
        Assert.Equal(5, await check.RawEvents.CountAsync(r => r.EdgeId == EdgeId));
        Assert.Equal(3, await check.RawEvents.CountAsync(r => r.EdgeId == SecondEdgeId));
        var one = await check.Sessions.SingleAsync(s => s.Id == "s-one");
        Assert.Equal(At(5), one.EndedAt);
        Assert.Equal(["staff-ivan", "staff-olena"], (await check.SessionEscorts.Where(x => x.SessionId == "s-one").Select(x => x.StaffId).ToListAsync()).Order(StringComparer.Ordinal));
        var two = await check.Sessions.SingleAsync(s => s.Id == "s-two");
        Assert.Equal(SecondEdgeId, two.EdgeId);
        Assert.Null(two.EndedAt);
    }

    [Fact]
    public async Task A_failed_write_in_a_multi_batch_call_acknowledges_no_batch_of_any_edge()
    {
        await AddSecondEdgeAsync();
        await using (var db = NewContext())
        {
            db.RawEvents.Add(new RawEvent { EdgeId = SecondEdgeId, Sequence = 2, Kind = "OccupancyChanged", Payload = [], OccurredAt = At(0), ReceivedAt = At(0) });
            await db.SaveChangesAsync();
        }

        await using (var db = NewContext())
        {
            IEventIngest ingest = new EventIngest(db, Time, NullLogger<EventIngest>.Instance);
            await Assert.ThrowsAsync<DbUpdateException>(() => ingest.IngestAsync(
                [Events.Batch([Events.Started(1, "s-one"), Events.Occupancy(2, true)]), Events.Batch([Events.Occupancy(1, true), Events.Occupancy(2, true)], SecondEdgeId)],
                CancellationToken.None));
        }

        await using var check = NewContext();
        Assert.All(await check.Edges.ToListAsync(), e => Assert.Equal(0, e.HighWaterSequence));
        Assert.Equal(1, await check.RawEvents.CountAsync());
        Assert.Empty(await check.Sessions.ToListAsync());
    }

    [Fact]
    public async Task The_sessions_projection_keeps_the_override_escorts_scene_end_reason_and_planned_against_actual()
    {
        var ended = Events.Ended(5, "s-hare", V1.SessionEndReason.EndedOnPanel, 1500);
        ended.SessionEnded.OverrunSeconds = 300;
        // R-SCHED overridden for Hare in one upload, the session it admitted her to in the next.
        await IngestAsync([Events.Overridden(1, "R-SCHED", "p-5a1d3e")]);
        await IngestAsync([Events.Started(2, "s-hare", "p-5a1d3e"), Events.EscortJoined(3, "s-hare", "staff-ivan"), Events.Extended(4, "s-hare", 25), ended]);

        await using var db = NewContext();
        var session = await db.Sessions.SingleAsync();
        Assert.Equal((1, "R-SCHED"), (session.OverrideCount, session.OverriddenRuleIds));
        Assert.Equal((20, 25, 5), (session.StartedPlannedMinutes, session.PlannedMinutes, session.ExtendedMinutes));
        Assert.Equal((1500, 300, SessionEndReason.EndedOnPanel, "staff-olena"), (session.ActualSeconds, session.OverrunSeconds, session.EndReason, session.EndedByStaffId));
        Assert.Equal((180, 300), (session.Brightness, session.ColorTempMireds));
        Assert.Equal((At(2), At(2), ClockSource.Edge), (session.StartedAt, session.EdgeStartedAt, session.StartedClockSource));
        Assert.Equal((At(5), At(5), ClockSource.Edge), (session.EndedAt, session.EdgeEndedAt, session.EndedClockSource));
        Assert.Equal(["staff-ivan", "staff-olena"], (await db.SessionEscorts.Select(x => x.StaffId).ToListAsync()).Order(StringComparer.Ordinal));
        Assert.Equal(["p-5a1d3e"], await db.SessionPupils.Select(x => x.PupilId).ToListAsync());
        var decision = await db.Decisions.SingleAsync();
        Assert.Equal((DecisionKind.Overridden, "s-hare", "staff-olena", "Agreed with the parents"), (decision.Kind, decision.SessionId, decision.StaffId, decision.OverrideReason));
    }

    [Fact]
    public async Task Refusals_warnings_and_overrides_are_one_decision_row_each_with_pseudonymous_ids()
    {
        await IngestAsync([
            Events.Refused(1, V1.RefusalReason.WeeklyLimit, "R-WEEK"), Events.Refused(2, V1.RefusalReason.UnknownBadge, "", ""), Events.Started(3, "s-fox"),
            Events.Warned(4, "s-fox", count: 2, limit: 2), Events.Overridden(5, "R-WEEK", "p-7b2e4d"), Events.PupilJoined(6, "s-fox", "p-7b2e4d"),
            Events.Overridden(7, "R-SCHED", "p-c81f05")]);

        await using var db = NewContext();
        var decisions = await db.Decisions.OrderBy(d => d.Sequence).ToListAsync();
        Assert.Equal([1L, 2, 4, 5, 7], decisions.Select(d => d.Sequence));
        Assert.Equal([DecisionKind.Refused, DecisionKind.Refused, DecisionKind.Warned, DecisionKind.Overridden, DecisionKind.Overridden], decisions.Select(d => d.Kind));
        Assert.Equal(("R-WEEK", RefusalReason.WeeklyLimit, "p-3f9a1c", At(1)), (decisions[0].RuleId, decisions[0].Reason, decisions[0].HolderId, decisions[0].OccurredAt));
        Assert.Equal((null, RefusalReason.UnknownBadge, null), (decisions[1].RuleId, decisions[1].Reason, decisions[1].HolderId));
        Assert.Equal(("R-WEEK", "s-fox", "p-3f9a1c", 2, 2), (decisions[2].RuleId, decisions[2].SessionId, decisions[2].PupilId, decisions[2].Count, decisions[2].Limit));
        Assert.Equal(("R-WEEK", "s-fox", "p-7b2e4d", "staff-olena", (RefusalReason?)null), (decisions[3].RuleId, decisions[3].SessionId, decisions[3].PupilId, decisions[3].StaffId, decisions[3].Reason));
        // An override whose admission has not (yet) come belongs to no session.
        Assert.Null(decisions[4].SessionId);
        Assert.All(decisions, d => Assert.Equal(("room-sensory-1", ClockSource.Edge), (d.RoomId, d.ClockSource)));
        var session = await db.Sessions.SingleAsync();
        Assert.Equal((1, "R-WEEK"), (session.OverrideCount, session.OverriddenRuleIds));
        foreach (var fullName in await db.Pupils.Select(p => p.FullName).ToListAsync())
        {
            Assert.DoesNotContain(fullName, await ProjectionDump.DumpAsync(db), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Occupancy_intervals_are_projected_from_started_and_ended_with_their_sensors_and_seconds()
    {
        await IngestAsync([Events.IntervalStarted(1, "presence-1"), .. Enumerable.Range(2, 4).Select(i => Events.Occupancy(i, true))]);
        await IngestAsync([.. Enumerable.Range(6, 4).Select(i => Events.Occupancy(i, true)), Events.IntervalEnded(10, 1, "presence-1", "presence-2"), Events.IntervalStarted(11, "presence-2")]);
        await IngestAsync([Events.IntervalEnded(12, 11, "presence-2"), Events.IntervalEnded(13, 3, "presence-1")]);

        await using var db = NewContext();
        var intervals = await db.OccupancyIntervals.OrderBy(i => i.Sequence).ToListAsync();
        Assert.Equal([1L, 11, 13], intervals.Select(i => i.Sequence));
        Assert.Equal((At(1), At(10), 9, 10L, "presence-1,presence-2"), (intervals[0].StartedAt, intervals[0].EndedAt, intervals[0].Seconds, intervals[0].EndedSequence, intervals[0].Sensors));
        Assert.Equal((At(11), At(12), 1, "presence-2"), (intervals[1].StartedAt, intervals[1].EndedAt, intervals[1].Seconds, intervals[1].Sensors));
        // An end whose start never arrived: placed by the edge's own length of the interval.
        Assert.Equal((At(3), At(3), At(13), 10, "presence-1"), (intervals[2].StartedAt, intervals[2].EdgeStartedAt, intervals[2].EndedAt, intervals[2].Seconds, intervals[2].Sensors));
        Assert.All(intervals, i => Assert.Equal(("room-sensory-1", ClockSource.Edge), (i.RoomId, i.ClockSource)));
    }

    [Fact]
    public async Task Device_health_keeps_status_battery_link_faults_and_online_time_per_device()
    {
        await IngestAsync([
            Events.Availability(1, "lights-zone-1", true), Events.Health(2, "presence", V1.DeviceHealthStatus.Ok, battery: 80, linkQuality: 120),
            Events.Health(3, "presence", V1.DeviceHealthStatus.LowBattery, battery: 9)]);
        await IngestAsync([
            Events.Availability(4, "lights-zone-1", false), Events.Health(5, "presence", V1.DeviceHealthStatus.Offline, reason: "no report for 600 s"),
            Events.Availability(6, "lights-zone-1", true), Events.Health(7, "presence", V1.DeviceHealthStatus.Ok)]);

        await using var db = NewContext();
        var lights = await db.DeviceHealth.SingleAsync(d => d.Device == "lights-zone-1");
        Assert.Equal((true, 3L, At(6), 1, (DeviceHealthStatus?)null, At(6)), (lights.Online, lights.OnlineSeconds, lights.OnlineSince, lights.FaultCount, lights.Status, lights.LastSeenAt));
        var presence = await db.DeviceHealth.SingleAsync(d => d.Device == "presence");
        Assert.Equal((DeviceHealthStatus.Ok, true, 9, 120), (presence.Status, presence.Online, presence.BatteryPercent, presence.LinkQuality));
        Assert.Equal(("no report for 600 s", 1, 3L, At(7)), (presence.LastFaultReason, presence.FaultCount, presence.OnlineSeconds, presence.OnlineSince));
        Assert.Equal((At(7), At(7), 7L, EdgeId, "room-sensory-1"), (presence.LastSeenAt, presence.ChangedAt, presence.LastSequence, presence.EdgeId, presence.RoomId));
    }

    [Fact]
    public async Task Alerts_are_projected_from_raised_to_cleared_with_seconds_to_clear_and_the_clearing_escort()
    {
        await IngestAsync([Events.AlertRaised(1, V1.AlertKind.UnescortedPresence), Events.AlertRaised(2, V1.AlertKind.LastEscortLeft), Events.Occupancy(3, true)]);
        await IngestAsync([.. Enumerable.Range(4, 6).Select(i => Events.Occupancy(i, true)), Events.AlertCleared(10, V1.AlertKind.UnescortedPresence, 1)]);
        await IngestAsync([Events.AlertCleared(11, V1.AlertKind.LastEscortLeft, 2, "staff-olena"), Events.AlertCleared(12, V1.AlertKind.UnescortedPresence, 5)]);

        await using var db = NewContext();
        var alerts = await db.Alerts.OrderBy(a => a.Sequence).ToListAsync();
        Assert.Equal([1L, 2, 12], alerts.Select(a => a.Sequence));
        Assert.Equal((AlertKind.UnescortedPresence, At(1), At(10), 9, "staff-ivan", 10L), (alerts[0].Kind, alerts[0].RaisedAt, alerts[0].ClearedAt, alerts[0].SecondsToClear, alerts[0].ClearedByStaffId, alerts[0].ClearedSequence));
        Assert.Equal((AlertKind.LastEscortLeft, At(2), At(11), 9, "staff-olena"), (alerts[1].Kind, alerts[1].RaisedAt, alerts[1].ClearedAt, alerts[1].SecondsToClear, alerts[1].ClearedByStaffId));
        // Cleared with no raise on record: raised at the clearing time less the seconds it took.
        Assert.Equal((At(5), At(5), At(12), 7), (alerts[2].RaisedAt, alerts[2].EdgeRaisedAt, alerts[2].ClearedAt, alerts[2].SecondsToClear));
    }

    [Fact]
    public async Task Rebuilding_the_projections_from_raw_events_gives_the_live_ingests_tables_row_for_row()
    {
        await AddSecondEdgeAsync();
        var first = MixedStream(EdgeId, 0);
        var second = MixedStream(SecondEdgeId, 1);
        // Overlapping and replayed windows, one with a gap, two edges in one call now and then.
        await IngestManyAsync(Events.Batch(first[..7]), Events.Batch(second[..5], SecondEdgeId));
        await IngestManyAsync(Events.Batch([.. first[5..12].Where(e => e.Sequence != 10)]));
        await IngestManyAsync(Events.Batch(first[9..20]), Events.Batch(second[3..], SecondEdgeId));
        await IngestManyAsync(Events.Batch(first[15..]), Events.Batch(second, SecondEdgeId));

        string live;
        await using (var db = NewContext())
        {
            Assert.Equal([(long)first.Count, second.Count], await db.Edges.OrderBy(e => e.Id).Select(e => e.HighWaterSequence).ToListAsync());
            live = await ProjectionDump.DumpAsync(db);
            Assert.Equal(4, await db.Sessions.CountAsync());
            Assert.Equal(4, await db.OccupancyIntervals.CountAsync());
            Assert.Equal(4, await db.DeviceHealth.CountAsync());
            Assert.Equal(8, await db.Decisions.CountAsync());
            Assert.Equal(2, await db.Alerts.CountAsync());
            Assert.Contains(await db.Sessions.ToListAsync(), s => s.OverrideCount == 1 && s.EndedAt is not null);
        }

        await using (var db = NewContext())
        {
            // Small chunks, so the replay crosses chunk boundaries (an override and its session among them).
            var summary = await new ProjectionRebuild(db, new EventMapping(), NullLogger<ProjectionRebuild>.Instance).RebuildAsync(CancellationToken.None, chunkSize: 4);
            Assert.Equal(new RebuildSummary(2, first.Count + second.Count, 0, 4, 4, 4, 8, 2), summary);
        }

        await using (var db = NewContext())
        {
            Assert.Equal(live, await ProjectionDump.DumpAsync(db));
        }

        // The command does the same, through the host's configuration.
        Assert.Equal(0, await RecordsCommandExtensions.RunRebuildProjectionsAsync(
            [$"--Storage:Provider={Storage.Provider}", $"--Storage:ConnectionString={Storage.ConnectionString}", "--Demo:Seed=false"]));
        await using (var db = NewContext())
        {
            Assert.Equal(live, await ProjectionDump.DumpAsync(db));
        }

        Assert.Equal(1, await RecordsCommandExtensions.RunRebuildProjectionsAsync(["--Storage:Provider=Oracle"]));
    }

    [Fact]
    public async Task Edge_clocks_an_unsynchronised_1970_clock_is_placed_from_the_receipt_then_from_a_synchronised_anchor_and_again_after_a_restart()
    {
        var epoch = DateTimeOffset.UnixEpoch;
        var receipt = Time.GetUtcNow().UtcDateTime;
        // The Pi booted at 1970: its events claim 1970; the upload says the edge's monotonic clock read 60 s at sending.
        await UploadAsync(60_000, Events.Unsynchronised(Events.EdgeStarted(1), epoch.AddSeconds(5), 5_000), Events.Unsynchronised(Events.Occupancy(2, true), epoch.AddSeconds(20), 20_000));

        // NTP synchronised the clock: a synchronised event becomes the anchor; a later unsynchronised one (the clock
        // flagged again) is placed from it by the monotonic clock.
        Time.Advance(TimeSpan.FromSeconds(60));
        var synchronised = Time.GetUtcNow().AddSeconds(-10);
        var anchor = Events.At(3, new V1.EdgeEvent { OccupancyChanged = new V1.OccupancyChanged { Sensor = "presence", Occupied = false } }, synchronised.AddSeconds(-3));
        anchor.MonotonicMs = 110_000;
        await UploadAsync(120_000, anchor, Events.Unsynchronised(Events.Started(4, "s-fox"), epoch.AddSeconds(115), 115_000));

        // The edge restarted (EdgeStarted, monotonic from 0 again): the anchor is gone, placed from the receipt again.
        Time.Advance(TimeSpan.FromSeconds(30));
        var restartReceipt = Time.GetUtcNow().UtcDateTime;
        await UploadAsync(10_000, Events.Unsynchronised(Events.EdgeStarted(5), epoch.AddSeconds(2), 2_000), Events.Unsynchronised(Events.Occupancy(6, true), epoch.AddSeconds(4), 4_000));

        // Without sent_monotonic_ms (an older edge): the receipt time itself. An event before a restart in the same upload
        // is not of the sending run: the receipt time too.
        Time.Advance(TimeSpan.FromSeconds(30));
        var lastReceipt = Time.GetUtcNow().UtcDateTime;
        await UploadAsync(0, Events.Unsynchronised(Events.Occupancy(7, false), epoch.AddSeconds(6), 6_000));
        await UploadAsync(3_000, Events.Unsynchronised(Events.Occupancy(8, true), epoch.AddSeconds(8), 8_000), Events.Unsynchronised(Events.EdgeStarted(9), epoch.AddSeconds(1), 1_000));

        await using var db = NewContext();
        var raw = await db.RawEvents.OrderBy(r => r.Sequence).ToListAsync();
        Assert.Equal(
            [
                (receipt.AddSeconds(-55), ClockSource.Receipt), (receipt.AddSeconds(-40), ClockSource.Receipt),
                (synchronised.UtcDateTime, ClockSource.Edge), (synchronised.UtcDateTime.AddSeconds(5), ClockSource.Anchored),
                (restartReceipt.AddSeconds(-8), ClockSource.Receipt), (restartReceipt.AddSeconds(-6), ClockSource.Receipt),
                (lastReceipt, ClockSource.Receipt), (lastReceipt, ClockSource.Receipt), (lastReceipt.AddSeconds(-2), ClockSource.Receipt),
            ],
            raw.Select(r => (r.OccurredAt, r.ClockSource)));
        Assert.Equal(epoch.AddSeconds(5).UtcDateTime, raw[0].EdgeOccurredAt);
        Assert.Equal(epoch.AddSeconds(115).UtcDateTime, raw[3].EdgeOccurredAt);
        Assert.All(raw, r => Assert.Equal(DateTimeKind.Utc, r.OccurredAt.Kind));

        var session = await db.Sessions.SingleAsync();
        Assert.Equal((synchronised.UtcDateTime.AddSeconds(5), epoch.AddSeconds(115).UtcDateTime, ClockSource.Anchored), (session.StartedAt, session.EdgeStartedAt, session.StartedClockSource));
        var edge = await db.Edges.SingleAsync();
        Assert.Null(edge.ClockAnchorAt);
        Assert.Equal(1_000, edge.LastMonotonicMs);
    }

    /// <summary>An upload as the edge's uploader sends it (<c>sent_monotonic_ms</c>; 0: not sent), mapped by the gateway's mapping.</summary>
    private async Task UploadAsync(long sentMonotonicMs, params V1.EdgeEvent[] events)
    {
        var request = new V1.UploadEventsRequest { EdgeId = EdgeId, SentMonotonicMs = sentMonotonicMs, Events = { events } };
        await using var db = NewContext();
        await ((IEventIngest)new EventIngest(db, Time, NullLogger<EventIngest>.Instance)).IngestAsync(EventMapping.ToRecord(request), CancellationToken.None);
    }

    private async Task IngestManyAsync(params Records.Incoming.EdgeBatch[] batches)
    {
        await using var db = NewContext();
        await new EventIngest(db, Time, NullLogger<EventIngest>.Instance).IngestAsync(batches, CancellationToken.None);
    }

    private async Task AddSecondEdgeAsync()
    {
        await using var db = NewContext();
        db.Edges.Add(new Data.Edge { Id = SecondEdgeId, RoomId = "room-sensory-1" });
        await db.SaveChangesAsync();
    }

    /// <summary>A realistic day of one edge: sessions with joins, extensions and ends, a refusal, a warning, an override
    /// and the session it admitted to, occupancy intervals, device health and availability, an alert, unsynchronised events.</summary>
    private static List<V1.EdgeEvent> MixedStream(string edgeId, int variant)
    {
        var s1 = $"{edgeId}-s1";
        var s2 = $"{edgeId}-s2";
        List<V1.EdgeEvent> events =
        [
            Events.EdgeStarted(1),
            Events.Availability(2, "lights-zone-1", true),
            Events.Refused(3, V1.RefusalReason.OutsideSchedule, "R-SCHED", "p-5a1d3e"),
            Events.Overridden(4, "R-SCHED", "p-5a1d3e"),
            Events.Started(5, s1, "p-5a1d3e"),
            Events.IntervalStarted(6, "presence"),
            Events.PupilJoined(7, s1, "p-7b2e4d"),
            Events.EscortJoined(8, s1, "staff-ivan"),
            Events.Extended(9, s1, 25),
            Events.Health(10, "presence", V1.DeviceHealthStatus.LowBattery, battery: 12, linkQuality: 90),
            Events.AlertRaised(11, V1.AlertKind.UnescortedPresence),
            Events.AlertCleared(12, V1.AlertKind.UnescortedPresence, 11),
            Events.Ended(13, s1, V1.SessionEndReason.EndedOnPanel, 1400),
            Events.IntervalEnded(14, 6, "presence"),
            Events.Availability(15, "lights-zone-1", false),
            Events.Started(16, s2, "p-3f9a1c"),
            Events.Warned(17, s2, count: 3, limit: 2),
            Events.IntervalStarted(18, "presence"),
            Events.Unsynchronised(Events.Replanned(19, s2, V1.SessionKind.Group, 35), DateTimeOffset.UnixEpoch.AddSeconds(19), 19_000),
            Events.Unsynchronised(Events.Availability(20, "lights-zone-1", true), DateTimeOffset.UnixEpoch.AddSeconds(20), 20_000),
            Events.Health(21, "presence", V1.DeviceHealthStatus.Offline, reason: "no report"),
            Events.IntervalEnded(22, 18, "presence", "door"),
            Events.Ended(23, s2),
            Events.Refused(24, V1.RefusalReason.UnknownBadge, "", ""),
        ];
        return variant == 0 ? events : [.. events.Select(e => e.Clone())];
    }
}
