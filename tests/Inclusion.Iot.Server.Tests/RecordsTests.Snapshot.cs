using Google.Protobuf;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Server.Api.Badges;
using Inclusion.Iot.Server.Api.Demo;
using Inclusion.Iot.Server.Api.Edges;
using Inclusion.Iot.Server.Records.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Inclusion.Iot.Server.Tests;

/// <summary>The configuration snapshot as the gateway sends it, against the demo seed, on both stores.</summary>
public abstract partial class RecordsTests
{
    /// <summary>
    /// The demo seed's snapshot and week counts, as protobuf bytes, captured from the builder that produced the contract
    /// directly inside the host before the snapshot moved to the records project (issue 10). The bytes must not change:
    /// an edge compares snapshots and caches them.
    /// </summary>
    private static readonly string GoldenFile = Path.Combine(AppContext.BaseDirectory, "Golden", "demo-snapshot.txt");

    [Fact]
    public async Task The_demo_seeds_snapshot_and_week_counts_are_byte_for_byte_the_ones_the_host_sent_before_the_records_layer()
    {
        await MakeDemoDeterministicAsync();

        await using var db = NewContext();
        var (snapshot, weekCounts) = await GatewayConfigurationAsync(db);

        var expected = File.ReadAllLines(GoldenFile).Where(l => l.Length > 0).ToArray();
        var actual = new[] { snapshot.ToByteString().ToBase64(), weekCounts.ToByteString().ToBase64() };
        if (!expected.SequenceEqual(actual, StringComparer.Ordinal))
        {
            var written = Path.Combine(Path.GetTempPath(), $"demo-snapshot-{GetType().Name}.txt");
            await File.WriteAllLinesAsync(written, actual);
            // The readable difference first, then the bytes.
            Assert.True(expected.Length == 2, $"{GoldenFile} holds no snapshot; this run's is in {written}.");
            Assert.Equal(
                JsonFormatter.Default.Format(ConfigurationSnapshot.Parser.ParseFrom(Convert.FromBase64String(expected[0]))),
                JsonFormatter.Default.Format(snapshot));
            Assert.Fail($"The snapshot's bytes differ from {GoldenFile}; this run's are in {written}.");
        }

        // The golden snapshot is not an empty one: every part of the configuration is in it.
        Assert.Equal((2L, 6, 3, 12), (snapshot.Version, snapshot.Devices.Count, snapshot.Staff.Count, snapshot.Pupils.Count));
        Assert.Equal(2, snapshot.Pupils.Single(p => p.PupilId == "p-3f9a1c").SessionsThisWeekElsewhere);
        Assert.Equal("2026-11-17", snapshot.Pupils.Single(p => p.PupilId == "p-8a6c13").Adaptation.StartsOn);
        Assert.Equal(2, weekCounts.SessionsElsewhere["p-3f9a1c"]);
    }

    [Fact]
    public async Task The_room_configuration_for_the_demo_edge_holds_its_room_devices_staff_and_pupils_in_a_stable_order()
    {
        await MakeDemoDeterministicAsync();
        await using var db = NewContext();
        var builder = new RoomConfigurationBuilder(db, Time, NullLogger<RoomConfigurationBuilder>.Instance);

        var configuration = await builder.BuildAsync(await db.Edges.SingleAsync(e => e.Id == EdgeId), CancellationToken.None);

        Assert.Equal((2L, "org-demo", "Europe/Kyiv", Time.GetUtcNow()), (configuration.Version, configuration.OrganisationId, configuration.TimeZone, configuration.IssuedAt));
        Assert.Equal(new ConfiguredRoom(DemoSeed.RoomId, "Sensory room", Data.RoomKind.Sensory, 8), configuration.Room);
        Assert.Equal(Enumerable.Range(1, 32).Select(i => (byte)i), configuration.BadgeSalt.ToArray());
        Assert.Equal(configuration.Devices.Select(d => d.Name).Order(StringComparer.Ordinal), configuration.Devices.Select(d => d.Name));
        Assert.Equal(["staff-ivan", "staff-mykola", "staff-olena"], configuration.Staff.Select(s => s.StaffId));
        Assert.Equal(configuration.Pupils.Select(p => p.PupilId).Order(StringComparer.Ordinal), configuration.Pupils.Select(p => p.PupilId));
        Assert.Equal(BadgeHash.Compute(configuration.BadgeSalt.Span, "04A1B2C3"), configuration.Staff.Single(s => s.StaffId == "staff-olena").BadgeHash.ToArray());

        var fox = configuration.Pupils.Single(p => p.PupilId == "p-3f9a1c");
        Assert.Equal(("Fox", 2, "ipr-p-3f9a1c-sensory", 2), (fox.DisplayName, fox.SupportLevel, fox.ProgrammeEntryId, fox.SessionsThisWeekElsewhere));
        Assert.Equal(fox.Schedule.OrderBy(s => s.IsoDayOfWeek).ThenBy(s => s.StartMinute), fox.Schedule);
        Assert.All(fox.Schedule, s => Assert.Equal(Data.SessionKind.Individual, s.Kind));
        Assert.Null(fox.Adaptation);
        // s-2 was a group session with Bee; Owl's only one was aborted (R-WEEK counts neither aborts nor this room's own).
        Assert.Equal(1, configuration.Pupils.Single(p => p.PupilId == "p-c81f05").SessionsThisWeekElsewhere);
        Assert.Equal(0, configuration.Pupils.Single(p => p.PupilId == "p-7b2e4d").SessionsThisWeekElsewhere);

        var newt = configuration.Pupils.Single(p => p.PupilId == "p-8a6c13");
        Assert.Equal(new DateOnly(2026, 11, 17), newt.Adaptation?.StartsOn);
        Assert.Equal([10, 15, 20], newt.Adaptation!.MinutesByWeek);

        // R-OPEN: Moth has no programme entry and no slots; the records say so with null and empty, not with "".
        var moth = configuration.Pupils.Single(p => p.PupilId == "p-d3e9f7");
        Assert.Null(moth.ProgrammeEntryId);
        Assert.Empty(moth.Schedule);
    }

    [Fact]
    public async Task R_WEEK_the_week_counts_are_counted_now_per_pupil_in_the_organisations_other_rooms_only()
    {
        await MakeDemoDeterministicAsync();
        await using var db = NewContext();
        var builder = new RoomConfigurationBuilder(db, Time, NullLogger<RoomConfigurationBuilder>.Instance);

        var here = await builder.WeekCountsAsync(DemoSeed.RoomId, "Europe/Kyiv", CancellationToken.None);
        var there = await builder.WeekCountsAsync("room-resource-2", "Europe/Kyiv", CancellationToken.None);

        Assert.Equal(Time.GetUtcNow(), here.CountedAt);
        Assert.Equal(new Dictionary<string, int>(StringComparer.Ordinal) { ["p-3f9a1c"] = 2, ["p-c81f05"] = 1 }, here.SessionsElsewhere);
        // From the resource room, the demo room has none: its sessions are the other room's.
        Assert.Empty(there.SessionsElsewhere);
    }

    [Fact]
    public async Task A_bad_policy_value_reaches_the_room_configuration_as_zero_and_is_logged_once_naming_the_field()
    {
        await using (var db = NewContext())
        {
            (await db.Organisations.SingleAsync()).Policy.GroupMaxPupils = 51;
            await db.SaveChangesAsync();
        }

        await using var check = NewContext();
        var logger = new ListLogger<RoomConfigurationBuilder>();
        var configuration = await new RoomConfigurationBuilder(check, Time, logger).BuildAsync(await check.Edges.SingleAsync(), CancellationToken.None);

        Assert.Equal((0, 5, 10), (configuration.Policy.GroupMaxPupils, configuration.Policy.EscortWindowSeconds, configuration.Policy.OverrunLimitMinutes));
        var error = Assert.Single(logger.Errors);
        Assert.Equal("Organisation org-demo's room policy: group_max_pupils = 51 is invalid (must be within 0..50); edges get the preset (0) for it instead.", error);
    }

    /// <summary>
    /// The demo seed with a fixed badge salt (the seed draws a random one) and sessions this week in a second room, so
    /// the snapshot's bytes depend only on the seed and the fake clock.
    /// </summary>
    private async Task MakeDemoDeterministicAsync()
    {
        await using var db = NewContext();
        var organisation = await db.Organisations.SingleAsync();
        organisation.BadgeSalt = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
        foreach (var member in await db.Staff.ToListAsync()) member.BadgeHash = BadgeHash.Compute(organisation.BadgeSalt, DemoSeed.BadgeUids[member.Id]);
        foreach (var pupil in await db.Pupils.ToListAsync()) pupil.BadgeHash = BadgeHash.Compute(organisation.BadgeSalt, DemoSeed.BadgeUids[pupil.Id]);
        db.Rooms.Add(new Data.Room { Id = "room-resource-2", OrganisationId = DemoSeed.OrganisationId, Name = "Resource room", Kind = Data.RoomKind.Resource, Capacity = 8 });
        await db.SaveChangesAsync();

        var monday = new DateTime(2026, 11, 22, 22, 0, 0, DateTimeKind.Utc);
        void Add(string id, DateTime started, Data.SessionKind kind, Data.SessionEndReason? end, params string[] pupils)
        {
            var session = new Data.Session { Id = id, EdgeId = EdgeId, RoomId = "room-resource-2", Kind = kind, StartedAt = started, EndReason = end };
            foreach (var pupil in pupils) session.Pupils.Add(new Data.SessionPupil { SessionId = id, PupilId = pupil });
            db.Sessions.Add(session);
        }

        Add("s-1", monday.AddMinutes(1), Data.SessionKind.Individual, Data.SessionEndReason.EndedOnPanel, "p-3f9a1c");
        Add("s-2", monday.AddMinutes(60), Data.SessionKind.Group, null, "p-3f9a1c", "p-c81f05");
        Add("s-3", monday.AddMinutes(90), Data.SessionKind.Individual, Data.SessionEndReason.AbortedOnPanel, "p-7b2e4d");
        await db.SaveChangesAsync();
    }

    /// <summary>What GetConfiguration answers for the demo edge: the snapshot and the week counts.</summary>
    private async Task<(ConfigurationSnapshot Snapshot, WeekCounts WeekCounts)> GatewayConfigurationAsync(Data.ServerDbContext db)
    {
        var builder = new RoomConfigurationBuilder(db, Time, NullLogger<RoomConfigurationBuilder>.Instance);
        var weekCounts = await builder.WeekCountsAsync(DemoSeed.RoomId, "Europe/Kyiv", CancellationToken.None);
        var configuration = await builder.BuildAsync(await db.Edges.SingleAsync(e => e.Id == EdgeId), weekCounts, CancellationToken.None);
        return (ConfigurationMapping.ToContract(configuration), ConfigurationMapping.ToContract(weekCounts));
    }
}
