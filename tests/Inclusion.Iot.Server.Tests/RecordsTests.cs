using System.Text;
using Inclusion.Iot.Server.Api.Badges;
using Inclusion.Iot.Server.Api.Demo;
using Inclusion.Iot.Server.Api.Edges;
using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Configuration;
using Inclusion.Iot.Server.Records.Sessions;
using Inclusion.Iot.Server.Records.Ingest;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Inclusion.Iot.Server.Tests;

/// <summary>
/// The records, the demo seed, ingest and the configuration snapshot against a real database. Every test runs on
/// SQLite (<see cref="SqliteRecordsTests"/>) and on PostgreSQL (<see cref="PostgreSqlRecordsTests"/>).
/// </summary>
public abstract partial class RecordsTests : IAsyncLifetime
{
    protected const string EdgeId = DemoSeed.EdgeId;

    protected FakeTimeProvider Time { get; } = new(Events.Start.AddMinutes(5));

    protected StorageOptions Storage { get; private set; } = new();

    public async Task InitializeAsync()
    {
        Storage = await CreateStorageAsync();
        await using var db = NewContext();
        await ServerStorage.MigrateAsync(db, Storage, CancellationToken.None);
        await new DemoSeed(db, Time, NullLogger<DemoSeed>.Instance).SeedAsync(CancellationToken.None);
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Migrations_apply_and_the_model_matches_them()
    {
        await using var db = NewContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        if (db.Database.HasPendingModelChanges())
        {
            Assert.Fail($"The model changed without a migration (dotnet ef migrations add): {PendingChanges(db)}");
        }
    }

    [Fact]
    public async Task The_demo_seed_is_idempotent_and_starts_at_configuration_version_1()
    {
        await using (var db = NewContext())
        {
            Assert.False(await new DemoSeed(db, Time, NullLogger<DemoSeed>.Instance).SeedAsync(CancellationToken.None));
        }

        await using var check = NewContext();
        var organisation = await check.Organisations.SingleAsync();
        Assert.Equal(1, organisation.ConfigurationVersion);
        Assert.Equal("Europe/Kyiv", organisation.TimeZone);
        Assert.Equal(32, organisation.BadgeSalt.Length);
        Assert.Equal(12, await check.Pupils.CountAsync());
        Assert.Equal(3, await check.Staff.CountAsync());
        Assert.Equal(6, await check.Devices.CountAsync());
        // R-OPEN: Moth has no programme and no slots.
        Assert.Equal(11, await check.Programmes.CountAsync());
        Assert.Equal(11, await check.ProgrammeEntries.CountAsync());
        Assert.False(await check.Programmes.AnyAsync(p => p.PupilId == "p-d3e9f7"));
        Assert.False(await check.ScheduleSlots.AnyAsync(s => s.PupilId == "p-d3e9f7"));
        // 11:05 in Kyiv: 7 fixed slots, Hare's one, and one slot around now for each of the nine "now" pupils.
        Assert.Equal(17, await check.ScheduleSlots.CountAsync());
        Assert.Equal("p-7b2e4d", (await check.StaffAssignments.SingleAsync(a => a.StaffId == "staff-ivan")).PupilId);
        var mykola = await check.Staff.Include(s => s.Assignments).SingleAsync(s => s.Id == "staff-mykola");
        Assert.Equal((StaffRole.Tutor, StaffPermissions.Escort, "Mykola T."), (mykola.Role, mykola.Permissions, mykola.DisplayName));
        Assert.Equal(["p-e4a7b9"], mykola.Assignments.Select(a => a.PupilId));
        var whale = await check.Pupils.SingleAsync(p => p.Id == "p-e4a7b9");
        Assert.True(whale.RequiresPersonalTutor);
        Assert.Equal([(3, 13 * 60, 20)], await SlotsAsync("p-e4a7b9"));
    }

    [Fact]
    public async Task R_SCHED_the_demo_refresh_at_23_10_in_Kyiv_adds_the_next_days_early_slot_and_a_second_run_changes_nothing()
    {
        // Tuesday 24 November 2026, 23:10 in Kyiv (UTC+2).
        Time.SetUtcNow(new DateTimeOffset(2026, 11, 24, 21, 10, 0, TimeSpan.Zero));
        await SeedAgainAsync();
        var version = await VersionAsync();
        Assert.Equal(2, version);

        var fox = await SlotsAsync("p-3f9a1c");
        Assert.Equal([(1, 600, 20), (2, 1330, 110), (3, 0, 180), (3, 600, 20)], fox);
        Assert.Equal([(2, 1330, 110), (3, 0, 180)], await SlotsAsync("p-8a6c13"));
        Assert.Equal([(3, 780, 20)], await SlotsAsync("p-e4a7b9"));

        await SeedAgainAsync();
        Assert.Equal(version, await VersionAsync());
        Assert.Equal(fox, await SlotsAsync("p-3f9a1c"));

        // Still on the same five-minute mark: nothing to change either.
        Time.Advance(TimeSpan.FromMinutes(4));
        await SeedAgainAsync();
        Assert.Equal(version, await VersionAsync());
    }

    [Fact]
    public async Task R_SCHED_the_demo_refresh_at_10_00_in_Kyiv_covers_now_until_midnight_without_a_next_day_slot()
    {
        // Wednesday 25 November 2026, 10:00 in Kyiv.
        Time.SetUtcNow(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));
        await SeedAgainAsync();

        Assert.Equal([(1, 600, 20), (3, 540, 900), (3, 600, 20)], await SlotsAsync("p-3f9a1c"));
        Assert.Equal([(3, 540, 900)], await SlotsAsync("p-4f0e2b"));
        await using var db = NewContext();
        Assert.False(await db.ScheduleSlots.AnyAsync(s => s.IsoDayOfWeek == 4 && s.StartMinute == 0));
    }

    [Fact]
    public async Task R_SCHED_hares_only_slot_is_never_on_todays_day_whichever_day_the_demo_starts()
    {
        for (var day = 0; day < 7; day++)
        {
            Time.Advance(TimeSpan.FromDays(1));
            await SeedAgainAsync();
            var today = ((int)TimeZoneInfo.ConvertTime(Time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Kyiv")).DayOfWeek + 6) % 7 + 1;
            var hare = Assert.Single(await SlotsAsync("p-5a1d3e"));
            Assert.NotEqual(today, hare.Day);
            Assert.Equal((today + 2) % 7 + 1, hare.Day);
        }
    }

    [Fact]
    public async Task R_ADAPT_the_snapshot_sends_the_current_programmes_adaptation_period_with_its_first_day_as_an_iso_date()
    {
        await using (var db = NewContext())
        {
            // Wren's adaptation belongs to a programme whose period is over: it is not sent.
            var wren = await db.Programmes.SingleAsync(p => p.PupilId == "p-2e8f61");
            wren.PeriodStart = new DateOnly(2025, 9, 1);
            wren.PeriodEnd = new DateOnly(2026, 5, 31);
            wren.AdaptationStartsOn = new DateOnly(2025, 9, 1);
            wren.AdaptationMinutesByWeek = [5, 10];
            await db.SaveChangesAsync();
        }

        await using var check = NewContext();
        var newtProgramme = await check.Programmes.SingleAsync(p => p.PupilId == "p-8a6c13");
        Assert.Equal(new DateOnly(2026, 11, 17), newtProgramme.AdaptationStartsOn);
        Assert.Equal([10, 15, 20], newtProgramme.AdaptationMinutesByWeek);
        Assert.Equal([5, 10], (await check.Programmes.SingleAsync(p => p.PupilId == "p-2e8f61")).AdaptationMinutesByWeek);
        Assert.Empty((await check.Programmes.SingleAsync(p => p.PupilId == "p-3f9a1c")).AdaptationMinutesByWeek);

        var snapshot = ConfigurationMapping.ToContract(await new RoomConfigurationBuilder(check, Time, NullLogger<RoomConfigurationBuilder>.Instance).BuildAsync(await check.Edges.SingleAsync(), CancellationToken.None));
        var newt = snapshot.Pupils.Single(p => p.PupilId == "p-8a6c13").Adaptation;
        Assert.NotNull(newt);
        Assert.Equal("2026-11-17", newt.StartsOn);
        Assert.Equal([10, 15, 20], newt.MinutesByWeek);
        Assert.Null(snapshot.Pupils.Single(p => p.PupilId == "p-3f9a1c").Adaptation);
        Assert.Null(snapshot.Pupils.Single(p => p.PupilId == "p-2e8f61").Adaptation);
        Assert.Null(snapshot.Pupils.Single(p => p.PupilId == "p-d3e9f7").Adaptation);
    }

    [Fact]
    public async Task R_ADAPT_a_changed_cap_list_is_saved_and_bumps_the_configuration_version()
    {
        await using (var db = NewContext())
        {
            var newt = await db.Programmes.SingleAsync(p => p.PupilId == "p-8a6c13");
            newt.AdaptationMinutesByWeek[1] = 12;
            newt.AdaptationMinutesByWeek.Add(25);
            await db.SaveChangesAsync();
        }

        await using var check = NewContext();
        Assert.Equal([10, 12, 20, 25], (await check.Programmes.SingleAsync(p => p.PupilId == "p-8a6c13")).AdaptationMinutesByWeek);
        Assert.Equal(2, await VersionAsync());
    }

    [Fact]
    public async Task R_WEEK_and_R_SCHED_policy_settings_are_stored_and_reach_the_snapshot()
    {
        await using (var db = NewContext())
        {
            var organisation = await db.Organisations.SingleAsync();
            organisation.Policy.WeeklyLimitEnforcement = RuleEnforcement.Warn;
            organisation.Policy.ScheduleToleranceMinutes = 7;
            organisation.Policy.OfflineEscortDays = 3;
            await db.SaveChangesAsync();
        }

        await using var check = NewContext();
        var policy = (await check.Organisations.SingleAsync()).Policy;
        Assert.Equal((RuleEnforcement.Warn, 7, 3), (policy.WeeklyLimitEnforcement, policy.ScheduleToleranceMinutes, policy.OfflineEscortDays));
        var snapshot = ConfigurationMapping.ToContract(await new RoomConfigurationBuilder(check, Time, NullLogger<RoomConfigurationBuilder>.Instance).BuildAsync(await check.Edges.SingleAsync(), CancellationToken.None));
        Assert.Equal(2, snapshot.Version);
        Assert.Equal(Contracts.Edge.V1.RuleEnforcement.Warn, snapshot.Policy.WeeklyLimitEnforcement);
        Assert.Equal(7, snapshot.Policy.ScheduleToleranceMinutes);
        Assert.Equal(3, snapshot.Policy.OfflineEscortDays);
    }

    [Fact]
    public async Task Every_room_policy_setting_is_stored_and_reaches_the_snapshot()
    {
        await using (var db = NewContext())
        {
            var organisation = await db.Organisations.SingleAsync();
            organisation.Policy = NonPresetPolicy();
            await db.SaveChangesAsync();
        }

        await using var check = NewContext();
        var stored = (await check.Organisations.SingleAsync()).Policy;
        Assert.Equal([1, 3, 5, 7, 9], stored.WeeklyLimitByLevel);
        Assert.Equal((17, 33, 12, 27, 4), (stored.IndividualDefaultMinutes, stored.GroupDefaultMinutes, stored.UnloadingDefaultMinutes, stored.OpenUseDefaultMinutes, stored.ExtendStepMinutes));
        Assert.Equal((240, 45, 63, 3100, 41), (stored.FirstWarningSeconds, stored.FinalWarningSeconds, stored.IdleBrightnessPercent, stored.IdleColourTemperatureKelvin, stored.ArrivalSeconds));
        Assert.Equal((12, 31, 9), (stored.GroupMaxPupils, stored.UnescortedGraceSeconds, stored.UnlockSeconds));

        var logger = new ListLogger<RoomConfigurationBuilder>();
        var snapshot = ConfigurationMapping.ToContract(await new RoomConfigurationBuilder(check, Time, logger).BuildAsync(await check.Edges.SingleAsync(), CancellationToken.None));
        Assert.Equal(2, snapshot.Version);
        Assert.Empty(logger.Errors);
        var expected = new Contracts.Edge.V1.RoomPolicy
        {
            EscortWindowSeconds = 8,
            IndividualMinMinutes = 15,
            IndividualMaxMinutes = 30,
            GroupMinMinutes = 25,
            GroupMaxMinutes = 45,
            OverrunLimitMinutes = 6,
            IndividualDefaultMinutes = 17,
            GroupDefaultMinutes = 33,
            UnloadingDefaultMinutes = 12,
            OpenUseDefaultMinutes = 27,
            ExtendStepMinutes = 4,
            FirstWarningSeconds = 240,
            FinalWarningSeconds = 45,
            IdleBrightnessPercent = 63,
            IdleColourTemperatureKelvin = 3100,
            ArrivalSeconds = 41,
            GroupMaxPupils = 12,
            UnescortedGraceSeconds = 31,
            UnlockSeconds = 9,
            WeeklyLimitByLevel = { 1, 3, 5, 7, 9 },
            WeeklyLimitEnforcement = Contracts.Edge.V1.RuleEnforcement.Warn,
            ScheduleToleranceMinutes = 7,
            OfflineEscortDays = 3,
        };
        // Every one of the contract's fields 1..23 is set to a non-preset value, so a field the builder forgets shows here.
        Assert.All(Contracts.Edge.V1.RoomPolicy.Descriptor.Fields.InFieldNumberOrder(), f => Assert.True(
            f.IsRepeated ? ((System.Collections.IList)f.Accessor.GetValue(expected)).Count > 0 : !Equals(f.Accessor.GetValue(expected), Activator.CreateInstance(f.Accessor.GetValue(expected).GetType())),
            $"The expected policy leaves {f.Name} unset."));
        Assert.Equal(23, Contracts.Edge.V1.RoomPolicy.Descriptor.Fields.InFieldNumberOrder().Count);
        Assert.Equal(expected, snapshot.Policy);
    }

    [Fact]
    public async Task A_policy_with_the_new_settings_left_unset_sends_zeros_and_no_weekly_limits()
    {
        await using var db = NewContext();
        // The demo's organisation sets only the settings the server had before: its row holds the migration's defaults.
        var stored = (await db.Organisations.SingleAsync()).Policy;
        Assert.Empty(stored.WeeklyLimitByLevel);
        var snapshot = ConfigurationMapping.ToContract(await new RoomConfigurationBuilder(db, Time, NullLogger<RoomConfigurationBuilder>.Instance).BuildAsync(await db.Edges.SingleAsync(), CancellationToken.None));
        var policy = snapshot.Policy;
        Assert.Equal((5, 20, 25, 35, 40, 10), (policy.EscortWindowSeconds, policy.IndividualMinMinutes, policy.IndividualMaxMinutes, policy.GroupMinMinutes, policy.GroupMaxMinutes, policy.OverrunLimitMinutes));
        Assert.Equal(
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
            [policy.IndividualDefaultMinutes, policy.GroupDefaultMinutes, policy.UnloadingDefaultMinutes, policy.OpenUseDefaultMinutes, policy.ExtendStepMinutes,
                policy.FirstWarningSeconds, policy.FinalWarningSeconds, policy.IdleBrightnessPercent, policy.IdleColourTemperatureKelvin, policy.ArrivalSeconds,
                policy.GroupMaxPupils, policy.UnescortedGraceSeconds, policy.UnlockSeconds]);
        Assert.Empty(policy.WeeklyLimitByLevel);

        // The same after the list has been set and cleared again: an empty list, not a stale one.
        stored.WeeklyLimitByLevel = [2, 2, 2, 2, 2];
        await db.SaveChangesAsync();
        stored.WeeklyLimitByLevel.Clear();
        await db.SaveChangesAsync();
        await using var check = NewContext();
        Assert.Empty((await check.Organisations.SingleAsync()).Policy.WeeklyLimitByLevel);
        Assert.Equal(3, await VersionAsync());
    }

    [Fact]
    public async Task A_bad_policy_value_is_logged_by_field_and_reaches_the_edge_as_its_preset()
    {
        await using (var db = NewContext())
        {
            var organisation = await db.Organisations.SingleAsync();
            var policy = NonPresetPolicy();
            policy.IndividualDefaultMinutes = -5;
            policy.GroupMaxPupils = 51;
            policy.IdleBrightnessPercent = 101;
            policy.IdleColourTemperatureKelvin = 900;
            policy.WeeklyLimitByLevel = [0, 2, 4, 6];
            organisation.Policy = policy;
            await db.SaveChangesAsync();
        }

        await using var check = NewContext();
        var logger = new ListLogger<RoomConfigurationBuilder>();
        var snapshot = ConfigurationMapping.ToContract(await new RoomConfigurationBuilder(check, Time, logger).BuildAsync(await check.Edges.SingleAsync(), CancellationToken.None));
        var sent = snapshot.Policy;
        Assert.Equal((0, 0, 0, 0), (sent.IndividualDefaultMinutes, sent.GroupMaxPupils, sent.IdleBrightnessPercent, sent.IdleColourTemperatureKelvin));
        Assert.Empty(sent.WeeklyLimitByLevel);
        // The good values around them still go out.
        Assert.Equal((33, 41, 31), (sent.GroupDefaultMinutes, sent.ArrivalSeconds, sent.UnescortedGraceSeconds));
        Assert.Equal(5, logger.Errors.Count);
        foreach (var (field, value) in new[] { ("individual_default_minutes", "-5"), ("group_max_pupils", "51"), ("idle_brightness_percent", "101"), ("idle_colour_temperature_kelvin", "900"), ("weekly_limit_by_level", "0,2,4,6") })
        {
            var error = Assert.Single(logger.Errors, e => e.Contains(field, StringComparison.Ordinal));
            Assert.Contains("org-demo", error, StringComparison.Ordinal);
            Assert.Contains($"= {value} is invalid", error, StringComparison.Ordinal);
        }
    }

    private static RoomPolicy NonPresetPolicy() => new()
    {
        EscortWindowSeconds = 8,
        IndividualMinMinutes = 15,
        IndividualMaxMinutes = 30,
        GroupMinMinutes = 25,
        GroupMaxMinutes = 45,
        OverrunLimitMinutes = 6,
        IndividualDefaultMinutes = 17,
        GroupDefaultMinutes = 33,
        UnloadingDefaultMinutes = 12,
        OpenUseDefaultMinutes = 27,
        ExtendStepMinutes = 4,
        FirstWarningSeconds = 240,
        FinalWarningSeconds = 45,
        IdleBrightnessPercent = 63,
        IdleColourTemperatureKelvin = 3100,
        ArrivalSeconds = 41,
        GroupMaxPupils = 12,
        UnescortedGraceSeconds = 31,
        UnlockSeconds = 9,
        WeeklyLimitByLevel = [1, 3, 5, 7, 9],
        WeeklyLimitEnforcement = RuleEnforcement.Warn,
        ScheduleToleranceMinutes = 7,
        OfflineEscortDays = 3,
    };

    [Fact]
    public async Task Rule_decisions_are_stored_raw_and_the_rule_that_limited_the_planned_length_projects_onto_the_session()
    {
        var reasons = new[]
        {
            Contracts.Edge.V1.RefusalReason.OutsideSchedule, Contracts.Edge.V1.RefusalReason.AdaptationCap, Contracts.Edge.V1.RefusalReason.ConfigurationStale,
        };
        await IngestAsync([
            Events.Refused(1, reasons[0], "R-SCHED", "p-5a1d3e"), Events.Started(2, "s-newt", "p-8a6c13", plannedLimitedBy: "R-ADAPT"),
            Events.Refused(3, reasons[1], "R-ADAPT", "p-8a6c13"), Events.Warned(4, "s-newt", "p-8a6c13", 2, 2), Events.Refused(5, reasons[2], "")]);
        await using (var db = NewContext())
        {
            Assert.Equal("R-ADAPT", (await db.Sessions.SingleAsync()).PlannedLimitedBy);
            var raw = await db.RawEvents.OrderBy(e => e.Sequence).ToListAsync();
            Assert.Equal(["BadgeRefused", "SessionStarted", "BadgeRefused", "RuleWarned", "BadgeRefused"], raw.Select(e => e.Kind));
            Assert.Equal(reasons, raw.Where(e => e.Kind == "BadgeRefused").Select(e => Contracts.Edge.V1.EdgeEvent.Parser.ParseFrom(e.Payload).BadgeRefused.Reason));
            var warned = Contracts.Edge.V1.EdgeEvent.Parser.ParseFrom(raw[3].Payload).RuleWarned;
            Assert.Equal(("R-WEEK", "s-newt", 2, 2), (warned.RuleId, warned.SessionId, warned.Count, warned.Limit));
        }

        // A replan the rule no longer limits clears it.
        await IngestAsync([Events.Replanned(6, "s-newt", Contracts.Edge.V1.SessionKind.Individual, 20)]);
        await using var check = NewContext();
        var session = await check.Sessions.SingleAsync();
        Assert.Null(session.PlannedLimitedBy);
        Assert.Equal(20, session.PlannedMinutes);
    }

    [Fact]
    public async Task Changing_a_pupil_bumps_the_configuration_version_and_edge_traffic_does_not()
    {
        await using (var db = NewContext())
        {
            var owl = await db.Pupils.SingleAsync(p => p.Id == "p-7b2e4d");
            owl.SensoryProfile.Brightness = 100;
            var edge = await db.Edges.SingleAsync();
            edge.LastSeenAt = Time.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync();
        }

        await using (var db = NewContext())
        {
            Assert.Equal(2, (await db.Organisations.SingleAsync()).ConfigurationVersion);
            (await db.Edges.SingleAsync()).SoftwareVersion = "1.2.3";
            await db.SaveChangesAsync();
        }

        await using var check = NewContext();
        Assert.Equal(2, (await check.Organisations.SingleAsync()).ConfigurationVersion);
        Assert.Equal(DateTimeKind.Utc, (await check.Edges.SingleAsync()).LastSeenAt!.Value.Kind);
    }

    [Fact]
    public async Task A_replayed_batch_is_stored_once_and_acknowledged_to_the_same_high_water()
    {
        var batch = new[] { Events.Occupancy(1, true), Events.Started(2, "s-1"), Events.Ended(3, "s-1") };
        var first = await IngestAsync(batch);
        var replay = await IngestAsync(batch);

        Assert.Equal(new IngestResult(3, 3, 0, null), first);
        Assert.Equal(new IngestResult(3, 0, 3, null), replay);
        await using var db = NewContext();
        Assert.Equal([1L, 2L, 3L], await db.RawEvents.Where(e => e.EdgeId == EdgeId).OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync());
        Assert.Equal(1, await db.Sessions.CountAsync());
        Assert.Equal(3, (await db.Edges.SingleAsync()).HighWaterSequence);
    }

    [Fact]
    public async Task A_batch_overlapping_what_is_stored_adds_only_the_new_events()
    {
        await IngestAsync([Events.Occupancy(1, true), Events.Occupancy(2, false)]);
        var result = await IngestAsync([Events.Occupancy(2, false), Events.Occupancy(3, true), Events.Occupancy(4, false)]);

        Assert.Equal(new IngestResult(4, 2, 1, null), result);
        await using var db = NewContext();
        Assert.Equal(4, await db.RawEvents.CountAsync());
    }

    [Fact]
    public async Task Events_out_of_order_in_a_batch_are_stored_in_sequence()
    {
        var result = await IngestAsync([Events.Ended(2, "s-1"), Events.Started(1, "s-1")]);

        Assert.Equal(2, result.AcknowledgedSequence);
        await using var db = NewContext();
        var session = await db.Sessions.SingleAsync();
        Assert.NotNull(session.EndedAt);
    }

    [Fact]
    public async Task A_gap_stops_the_batch_at_the_last_contiguous_sequence_until_the_missing_event_arrives()
    {
        var gap = await IngestAsync([Events.Occupancy(1, true), Events.Occupancy(2, false), Events.Occupancy(4, true), Events.Occupancy(5, false)]);
        Assert.Equal(new IngestResult(2, 2, 0, 2), gap);

        var onlyFuture = await IngestAsync([Events.Occupancy(5, false)]);
        Assert.Equal(new IngestResult(2, 0, 0, 2), onlyFuture);

        var filled = await IngestAsync([Events.Occupancy(3, true), Events.Occupancy(4, true), Events.Occupancy(5, false)]);
        Assert.Equal(new IngestResult(5, 3, 0, null), filled);
        await using var db = NewContext();
        Assert.Equal([1L, 2L, 3L, 4L, 5L], await db.RawEvents.OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync());
    }

    [Fact]
    public async Task Session_started_and_ended_events_become_one_session_record_and_every_event_is_kept_raw()
    {
        await IngestAsync([Events.Started(1, "s-fox")]);
        await using (var db = NewContext())
        {
            var running = await db.Sessions.Include(s => s.Pupils).Include(s => s.Escorts).SingleAsync();
            Assert.Null(running.EndedAt);
            Assert.Equal(Events.Start.AddSeconds(1).UtcDateTime, running.StartedAt);
            Assert.Equal(DateTimeKind.Utc, running.StartedAt.Kind);
            Assert.Equal("room-sensory-1", running.RoomId);
            Assert.Equal(["p-3f9a1c"], running.Pupils.Select(p => p.PupilId));
            Assert.Equal(["staff-olena"], running.Escorts.Select(p => p.StaffId));
            Assert.Equal(SessionKind.Individual, running.Kind);
            Assert.Equal("ipr-p-3f9a1c-sensory", running.ProgrammeEntryId);
        }

        await IngestAsync([Events.Occupancy(2, true), Events.Ended(3, "s-fox", Contracts.Edge.V1.SessionEndReason.EndedOnPanel, 125)]);
        await using var check = NewContext();
        var ended = await check.Sessions.SingleAsync();
        Assert.Equal(Events.Start.AddSeconds(3).UtcDateTime, ended.EndedAt);
        Assert.Equal(SessionEndReason.EndedOnPanel, ended.EndReason);
        Assert.Equal(125, ended.ActualSeconds);
        var raw = await check.RawEvents.OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(["SessionStarted", "OccupancyChanged", "SessionEnded"], raw.Select(e => e.Kind));
        Assert.Equal(Time.GetUtcNow().UtcDateTime, raw[0].ReceivedAt);
        var parsed = Contracts.Edge.V1.EdgeEvent.Parser.ParseFrom(raw[2].Payload);
        Assert.Equal(125, parsed.SessionEnded.ActualSeconds);
    }

    [Fact]
    public async Task Joined_pupils_and_escorts_extensions_and_replans_project_onto_the_session_once_across_replays_and_overlaps()
    {
        var first = await IngestAsync([Events.Started(1, "s-group"), Events.Occupancy(2, true), Events.PupilJoined(3, "s-group", "p-7b2e4d")]);
        Assert.Equal(new IngestResult(3, 3, 0, null), first);

        // Overlaps the first batch, joins the same pupil again, has a gap after 6.
        var overlap = await IngestAsync([
            Events.PupilJoined(3, "s-group", "p-7b2e4d"), Events.EscortJoined(4, "s-group", "staff-ivan"), Events.PupilJoined(5, "s-group", "p-7b2e4d"),
            Events.Replanned(6, "s-group", Contracts.Edge.V1.SessionKind.Group, 30), Events.Extended(8, "s-group", 40)]);
        Assert.Equal(new IngestResult(6, 3, 1, 6), overlap);

        var rest = await IngestAsync([Events.Extended(8, "s-group", 40), Events.PupilJoined(7, "s-group", "p-c81f05", "ipr-p-c81f05-sensory"), Events.Ended(9, "s-group")]);
        Assert.Equal(new IngestResult(9, 3, 0, null), rest);
        Assert.Equal(new IngestResult(9, 0, 9, null), await IngestAsync(Enumerable.Range(1, 9).Select(i => Events.Occupancy(i, true))));

        await using var db = NewContext();
        var session = await db.Sessions.Include(s => s.Pupils).Include(s => s.Escorts).SingleAsync();
        Assert.Equal(["p-3f9a1c", "p-7b2e4d", "p-c81f05"], session.Pupils.Select(p => p.PupilId).Order(StringComparer.Ordinal));
        Assert.Equal(["staff-ivan", "staff-olena"], session.Escorts.Select(p => p.StaffId).Order(StringComparer.Ordinal));
        Assert.Equal(SessionKind.Group, session.Kind);
        Assert.Equal(40, session.PlannedMinutes);
        Assert.Equal(120, session.Brightness);
        Assert.Equal(350, session.ColorTempMireds);
        Assert.Equal("ipr-p-3f9a1c-sensory", session.ProgrammeEntryId);
        Assert.Equal(Events.Start.AddSeconds(9).UtcDateTime, session.EndedAt);
        Assert.Equal(Enumerable.Range(1, 9).Select(i => (long)i), await db.RawEvents.OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync());
        Assert.Equal(9, (await db.Edges.SingleAsync()).HighWaterSequence);
    }

    [Fact]
    public async Task A_large_batch_is_stored_whole_in_order_with_its_payloads()
    {
        var batch = Enumerable.Range(1, 1000).Select(i => Events.Occupancy(i, i % 2 == 0)).ToList();
        Assert.Equal(new IngestResult(1000, 1000, 0, null), await IngestAsync(batch.AsEnumerable().Reverse()));

        await using var db = NewContext();
        var raw = await db.RawEvents.OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(1000, raw.Count);
        Assert.Equal(batch.Select(e => e.Sequence), raw.Select(e => e.Sequence));
        Assert.All(raw, r => Assert.Equal("OccupancyChanged", r.Kind));
        Assert.Equal(batch[499], Contracts.Edge.V1.EdgeEvent.Parser.ParseFrom(raw[499].Payload));
        Assert.Equal(Events.Start.AddSeconds(500).UtcDateTime, raw[499].OccurredAt);
        Assert.Equal(DateTimeKind.Utc, raw[499].OccurredAt.Kind);
    }

    [Fact]
    public async Task Edge_started_records_the_software_version_and_every_batch_the_last_seen_time()
    {
        var edgeStarted = new Contracts.Edge.V1.EdgeEvent
        {
            Sequence = 1,
            OccurredAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(Events.Start),
            EdgeStarted = new Contracts.Edge.V1.EdgeStarted { SoftwareVersion = "0.1.0+abc", ConfigurationVersion = 1 },
        };
        await IngestAsync([edgeStarted]);

        await using var db = NewContext();
        var edge = await db.Edges.SingleAsync();
        Assert.Equal("0.1.0+abc", edge.SoftwareVersion);
        Assert.Equal(Time.GetUtcNow().UtcDateTime, edge.LastSeenAt);
        Assert.Equal(1, (await db.Organisations.SingleAsync()).ConfigurationVersion);
    }

    [Fact]
    public async Task A_failed_write_acknowledges_nothing_and_commits_nothing_of_the_batch()
    {
        // Another writer already holds sequence 2 (the high-water was not moved): storing the batch must fail whole.
        await using (var db = NewContext())
        {
            db.RawEvents.Add(new RawEvent { EdgeId = EdgeId, Sequence = 2, Kind = "OccupancyChanged", Payload = [], OccurredAt = Time.GetUtcNow().UtcDateTime, ReceivedAt = Time.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync();
        }

        await Assert.ThrowsAsync<DbUpdateException>(() => IngestAsync([Events.Started(1, "s-1"), Events.Occupancy(2, true)]));

        await using var check = NewContext();
        Assert.Equal(0, (await check.Edges.SingleAsync()).HighWaterSequence);
        Assert.Empty(await check.Sessions.ToListAsync());
        Assert.Equal(1, await check.RawEvents.CountAsync());
    }

    [Fact]
    public async Task An_unknown_edge_is_refused_by_ingest()
    {
        await using var db = NewContext();
        IEventIngest ingest = new EventIngest(db, Time, NullLogger<EventIngest>.Instance);
        var refused = await Assert.ThrowsAsync<UnknownEdgeException>(() => ingest.IngestAsync(Events.Batch([Events.Occupancy(1, true)], "edge-nowhere"), CancellationToken.None));
        Assert.Contains("edge-nowhere", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, await db.RawEvents.CountAsync());
    }

    [Fact]
    public async Task The_snapshot_carries_pseudonymous_pupils_and_badge_hashes_of_the_seeded_uids_but_no_full_names()
    {
        await using var db = NewContext();
        var edge = await db.Edges.SingleAsync(e => e.Id == EdgeId);
        var snapshot = ConfigurationMapping.ToContract(await new RoomConfigurationBuilder(db, Time, NullLogger<RoomConfigurationBuilder>.Instance).BuildAsync(edge, CancellationToken.None));

        Assert.Equal(1, snapshot.Version);
        Assert.Equal("org-demo", snapshot.OrganisationId);
        Assert.Equal("room-sensory-1", snapshot.Room.RoomId);
        Assert.Equal(Contracts.Edge.V1.RoomKind.Sensory, snapshot.Room.Kind);
        Assert.Equal(8, snapshot.Room.Capacity);
        Assert.Equal(6, snapshot.Devices.Count);
        Assert.Equal("Europe/Kyiv", snapshot.TimeZone);
        Assert.Equal(5, snapshot.Policy.EscortWindowSeconds);
        Assert.Equal(10, snapshot.Policy.OverrunLimitMinutes);

        var salt = snapshot.BadgeSalt.ToByteArray();
        foreach (var (holder, uid) in DemoSeed.BadgeUids)
        {
            var expected = BadgeHash.Compute(salt, uid);
            var hash = snapshot.Staff.SingleOrDefault(s => s.StaffId == holder)?.BadgeHash ?? snapshot.Pupils.Single(p => p.PupilId == holder).BadgeHash;
            Assert.Equal(expected, hash.ToByteArray());
        }

        // The edge's own computation from a reader's spelling of the UID gives the same hash.
        Assert.Equal(BadgeHash.Compute(salt, "04A1B2C3"), BadgeHash.Compute(salt, "04:a1:b2:c3"));

        var fox = snapshot.Pupils.Single(p => p.PupilId == "p-3f9a1c");
        Assert.Equal("Fox", fox.DisplayName);
        Assert.Equal(2, fox.SupportLevel);
        Assert.Equal(180, fox.SensoryProfile.Brightness);
        Assert.Equal(20, fox.IndividualSessionMinutes);
        Assert.Equal("ipr-p-3f9a1c-sensory", fox.ProgrammeEntryId);
        Assert.NotEmpty(fox.Schedule);
        Assert.True(snapshot.Pupils.Single(p => p.PupilId == "p-e4a7b9").RequiresPersonalTutor);
        Assert.Equal(["p-7b2e4d"], snapshot.Staff.Single(s => s.StaffId == "staff-ivan").AssignedPupilIds);
        Assert.Equal(
            [Contracts.Edge.V1.StaffPermission.Escort, Contracts.Edge.V1.StaffPermission.RunSessions, Contracts.Edge.V1.StaffPermission.Override],
            snapshot.Staff.Single(s => s.StaffId == "staff-olena").Permissions);

        var wire = Encoding.UTF8.GetString(Google.Protobuf.MessageExtensions.ToByteArray(snapshot)) + snapshot;
        foreach (var fullName in await db.Pupils.Select(p => p.FullName).ToListAsync())
        {
            Assert.DoesNotContain(fullName, wire, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain("04110001", wire, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Sessions_are_listed_newest_first_and_filtered_by_pupil()
    {
        await IngestAsync([Events.Started(1, "s-fox"), Events.Ended(2, "s-fox"), Events.Started(3, "s-owl", "p-7b2e4d", "staff-ivan")]);

        await using var db = NewContext();
        var queries = new SessionQueries(db);
        var all = await queries.ListAsync(null, 100, CancellationToken.None);
        Assert.Equal(["s-owl", "s-fox"], all.Select(s => s.SessionId));
        Assert.Null(all[0].EndedAt);
        Assert.Null(all[0].EndReason);
        Assert.Equal(["Owl"], all[0].PupilDisplayNames);
        Assert.Equal("Sensory room", all[0].RoomName);

        var fox = Assert.Single(await queries.ListAsync("p-3f9a1c", 100, CancellationToken.None));
        Assert.Equal("escort_badged_out", fox.EndReason);
        Assert.Equal("individual", fox.Kind);
        Assert.Equal(8, fox.ActualSeconds);
        Assert.Empty(await queries.ListAsync("p-e4a7b9", 100, CancellationToken.None));
    }

    protected abstract Task<StorageOptions> CreateStorageAsync();

    private async Task SeedAgainAsync()
    {
        await using var db = NewContext();
        Assert.False(await new DemoSeed(db, Time, NullLogger<DemoSeed>.Instance).SeedAsync(CancellationToken.None));
    }

    private async Task<long> VersionAsync()
    {
        await using var db = NewContext();
        return (await db.Organisations.SingleAsync()).ConfigurationVersion;
    }

    /// <summary>A pupil's slots in the demo room as (ISO day, start minute, duration), in order.</summary>
    private async Task<List<(int Day, int Start, int Duration)>> SlotsAsync(string pupilId)
    {
        await using var db = NewContext();
        var slots = await db.ScheduleSlots.Where(s => s.PupilId == pupilId && s.RoomId == DemoSeed.RoomId).ToListAsync();
        Assert.All(slots, s => Assert.Equal(SessionKind.Individual, s.Kind));
        return slots.Select(s => (s.IsoDayOfWeek, s.StartMinute, s.DurationMinutes)).Order().ToList();
    }

    private static string PendingChanges(ServerDbContext db)
    {
        var migrations = db.GetService<IMigrationsAssembly>();
        var initializer = db.GetService<IModelRuntimeInitializer>();
        var model = migrations.ModelSnapshot!.Model;
        var snapshot = initializer.Initialize(model is IMutableModel mutable && !((Annotatable)mutable).IsReadOnly ? mutable.FinalizeModel() : model);
        var differences = db.GetService<IMigrationsModelDiffer>()
            .GetDifferences(snapshot.GetRelationalModel(), db.GetService<IDesignTimeModel>().Model.GetRelationalModel());
        return string.Join("; ", differences.Select(d => d switch
        {
            AlterColumnOperation c => $"{c.Table}.{c.Name}: {string.Join(",", c.GetAnnotations().Select(a => $"{a.Name}={a.Value}"))} was {string.Join(",", c.OldColumn.GetAnnotations().Select(a => $"{a.Name}={a.Value}"))} type {c.ColumnType} was {c.OldColumn.ColumnType}",
            _ => d.ToString(),
        }));
    }

    protected ServerDbContext NewContext()
    {
        var builder = new DbContextOptionsBuilder<ServerDbContext>();
        ServerStorage.Configure(builder, Storage);
        return new ServerDbContext(builder.Options);
    }

    protected async Task<IngestResult> IngestAsync(IEnumerable<Contracts.Edge.V1.EdgeEvent> events)
    {
        await using var db = NewContext();
        return await ((IEventIngest)new EventIngest(db, Time, NullLogger<EventIngest>.Instance)).IngestAsync(Events.Batch(events), CancellationToken.None);
    }
}
