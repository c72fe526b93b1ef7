using Inclusion.Iot.Server.Api.Badges;
using Inclusion.Iot.Server.Api.Demo;
using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Audit;
using Inclusion.Iot.Server.Records.Configuration;
using Inclusion.Iot.Server.Records.Programmes;
using Inclusion.Iot.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Inclusion.Iot.Server.Tests.Programmes;

/// <summary>
/// The programme pages' records (D-IPR) against a real database, in an organisation's scope as the pages use them:
/// every test runs on SQLite (<see cref="SqliteProgrammeRecordsTests"/>) and PostgreSQL (<see cref="PostgreSqlProgrammeRecordsTests"/>).
/// The demo clock is Tuesday 2026-11-24 11:05 in Kyiv; Hare (level 3, limit 4) has one slot, Friday 10:00.
/// </summary>
public abstract class ProgrammeRecordsTests : IAsyncLifetime
{
    protected const string Hare = "p-5a1d3e";
    protected const string HareProgramme = "ipr-p-5a1d3e";
    protected const string HareService = "ipr-p-5a1d3e-sensory";
    private const string SchoolB = "org-programmes-b";
    private const string RoomB = "room-programmes-b";
    private const string StaffB = "staff-programmes-b";
    private const string ProgrammeB = "ipr-programmes-b";
    private const string NewUid = "04:AA:BB:CC:DD:EE:01";

    private static readonly AuditActor Specialist = new("42", nameof(AccountRole.Specialist), DemoSeed.OrganisationId, "192.0.2.10");

    protected FakeTimeProvider Time { get; } = new(Events.Start.AddMinutes(5));

    protected StorageOptions Storage { get; private set; } = new();

    public async Task InitializeAsync()
    {
        Storage = await CreateStorageAsync();
        await using var db = NewContext();
        await ServerStorage.MigrateAsync(db, Storage, CancellationToken.None);
        await new DemoSeed(db, Time, NullLogger<DemoSeed>.Instance).SeedAsync(CancellationToken.None);
        db.Organisations.Add(new Organisation { Id = SchoolB, Name = "School B", NetworkId = DemoSeed.NetworkId, TimeZone = "Europe/Kyiv", BadgeSalt = new byte[32] });
        db.Rooms.Add(new Room { Id = RoomB, OrganisationId = SchoolB, Name = "Room B", Kind = RoomKind.Sensory, Capacity = 4 });
        db.Staff.Add(new StaffMember { Id = StaffB, OrganisationId = SchoolB, DisplayName = "B.", BadgeHash = new byte[32], Role = StaffRole.Tutor });
        var pupil = new Pupil { Id = "p-programmes-b", OrganisationId = SchoolB, DisplayName = "Badger", FullName = "Pupil B.", SupportLevel = 2, BadgeHash = new byte[32] };
        pupil.Programmes.Add(new Programme
        {
            Id = ProgrammeB, OrganisationId = SchoolB, PupilId = pupil.Id, PeriodStart = new DateOnly(2026, 9, 1), PeriodEnd = new DateOnly(2027, 8, 31),
            NextReviewOn = new DateOnly(2027, 3, 1),
        });
        db.Pupils.Add(pupil);
        await db.SaveChangesAsync();
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected abstract Task<StorageOptions> CreateStorageAsync();

    [Fact]
    public async Task A_new_pupil_gets_a_programme_services_and_timetable_a_hashed_badge_two_Create_entries_and_edges_a_new_schedule()
    {
        var before = await VersionAsync();
        ProgrammeDraft draft = NewDraft();
        await using (var db = ScopedContext())
        {
            var programme = await Records(db).CreateAsync(Specialist, draft, CancellationToken.None);
            Assert.StartsWith("ipr-", programme.Id, StringComparison.Ordinal);
        }

        await using var check = NewContext();
        var pupil = await check.Pupils.Include(p => p.Programmes).ThenInclude(p => p.Entries).ThenInclude(e => e.Slots).SingleAsync(p => p.FullName == "Ivanna K.");
        var salt = (await check.Organisations.SingleAsync(o => o.Id == DemoSeed.OrganisationId)).BadgeSalt;
        Assert.Equal(BadgeHash.Compute(salt, NewUid), pupil.BadgeHash);
        Assert.Equal((3, 3, true, 25), (pupil.SupportLevel, pupil.WeeklySessionLimit, pupil.RequiresAssistant, pupil.IndividualSessionMinutes));
        var programmeRow = Assert.Single(pupil.Programmes);
        Assert.Equal(new DateOnly(2027, 5, 24), programmeRow.NextReviewOn);
        var entry = Assert.Single(programmeRow.Entries);
        Assert.Equal(("staff-olena", DemoSeed.RoomId, 2), (entry.StaffId, entry.RoomId, entry.Slots.Count));
        Assert.All(entry.Slots, s => Assert.Equal((DemoSeed.RoomId, SessionKind.Individual, "staff-olena", pupil.Id), (s.RoomId, s.Kind, s.StaffId, s.PupilId)));
        Assert.Equal("staff-ivan", (await check.StaffAssignments.SingleAsync(a => a.PupilId == pupil.Id)).StaffId);

        var entries = await check.AuditEntries.OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(
            [(AuditAction.Create, AuditSubject.Pupil, pupil.Id), (AuditAction.Create, AuditSubject.Programme, programmeRow.Id)],
            entries.Select(e => (e.Action, e.SubjectKind, e.SubjectId!)));
        Assert.All(entries, e => Assert.Equal(("42", "192.0.2.10", DemoSeed.OrganisationId), (e.Actor, e.Origin, e.OrganisationId)));
        Assert.All(entries, e => Assert.DoesNotContain("Ivanna", e.Details ?? string.Empty, StringComparison.Ordinal));
        Assert.All(entries, e => Assert.DoesNotContain("AABBCC", (e.Details ?? string.Empty).Replace(":", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));

        Assert.Equal(before + 1, await VersionAsync());
        var configured = (await SnapshotAsync()).Pupils.Single(p => p.PupilId == pupil.Id);
        Assert.Equal([(2, 9 * 60), (4, 9 * 60)], configured.Schedule.Select(s => (s.IsoDayOfWeek, s.StartMinute)));
        Assert.Equal(entry.Id, configured.ProgrammeEntryId);
        Assert.DoesNotContain("Ivanna", configured.DisplayName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reading_a_programme_appends_a_Read_entry_with_reader_and_origin_and_another_schools_programme_is_not_found_and_not_audited()
    {
        await using var db = ScopedContext();
        var records = Records(db);
        var record = await records.ReadAsync(Specialist, HareProgramme, CancellationToken.None);
        Assert.NotNull(record);
        Assert.Equal(("Bohdan V.", 1, "staff-olena"), (record.Pupil.FullName, record.Programme.Entries.Count, record.Programme.Entries[0].StaffId));
        Assert.Single(record.Programme.Entries[0].Slots);
        Assert.Null(await records.ReadAsync(Specialist, ProgrammeB, CancellationToken.None));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => records.UpdateAsync(Specialist, ProgrammeB, NewDraft(), CancellationToken.None));

        await using var check = NewContext();
        var entry = Assert.Single(await check.AuditEntries.ToListAsync());
        Assert.Equal((AuditAction.Read, AuditSubject.Programme, HareProgramme, "42", "192.0.2.10"), (entry.Action, entry.SubjectKind, entry.SubjectId, entry.Actor, entry.Origin));
        Assert.Equal(1, await check.Programmes.Where(p => p.Id == ProgrammeB).Select(p => p.Version).SingleAsync());
    }

    [Fact]
    public async Task An_update_moves_the_timetable_changes_the_record_audits_Update_by_field_names_and_edges_get_the_new_schedule()
    {
        var before = await VersionAsync();
        await using (var db = ScopedContext())
        {
            var records = Records(db);
            var draft = ProgrammeRecords.DraftOf((await records.LoadForEditAsync(Specialist, HareProgramme, CancellationToken.None))!);
            draft.SupportLevel = 4;
            draft.WeeklySessionLimit = 6;
            draft.Adaptations = "Movement break every 10 minutes.";
            var service = draft.Services.Single();
            service.Slots.Single().Remove = true;
            service.Slots.Add(new SlotDraft { Day = 1, Start = "08:30" });
            service.Slots.Add(new SlotDraft { Day = 3, Start = "12:00", DurationMinutes = 25 });
            draft.Services.Add(new ServiceDraft { Title = "Unloading after lunch", SessionKind = SessionKind.Unloading, SessionsPerWeek = 2, MinutesPerSession = 15, RoomId = DemoSeed.RoomId });
            var saved = await records.UpdateAsync(Specialist, HareProgramme, draft, CancellationToken.None);
            Assert.Equal(draft.Version + 1, saved.Version);
        }

        await using var check = NewContext();
        var pupil = await check.Pupils.Include(p => p.Schedule).SingleAsync(p => p.Id == Hare);
        Assert.Equal((4, 6), (pupil.SupportLevel, pupil.WeeklySessionLimit));
        Assert.Equal([(1, 8 * 60 + 30, 20), (3, 12 * 60, 25)], pupil.Schedule.OrderBy(s => s.IsoDayOfWeek).Select(s => (s.IsoDayOfWeek, s.StartMinute, s.DurationMinutes)));
        Assert.All(pupil.Schedule, s => Assert.Equal(HareService, s.ProgrammeEntryId));
        Assert.Equal(2, await check.ProgrammeEntries.CountAsync(e => e.ProgrammeId == HareProgramme));
        var entry = Assert.Single(await check.AuditEntries.ToListAsync());
        Assert.Equal((AuditAction.Update, HareProgramme), (entry.Action, entry.SubjectId));
        Assert.Contains("support_level", entry.Details, StringComparison.Ordinal);
        Assert.Contains("adaptations", entry.Details, StringComparison.Ordinal);
        Assert.Contains("services +1 -0", entry.Details, StringComparison.Ordinal);
        Assert.DoesNotContain("Movement", entry.Details, StringComparison.Ordinal);
        Assert.DoesNotContain("Bohdan", entry.Details, StringComparison.Ordinal);

        Assert.Equal(before + 1, await VersionAsync());
        var configured = (await SnapshotAsync()).Pupils.Single(p => p.PupilId == Hare);
        Assert.Equal([(1, 8 * 60 + 30), (3, 12 * 60)], configured.Schedule.Select(s => (s.IsoDayOfWeek, s.StartMinute)));
        Assert.Equal(4, configured.SupportLevel);
    }

    public static TheoryData<string, string> Refusals() => new()
    {
        { "period_end_before_start", "PeriodOrder" },
        { "support_level_6", "SupportLevel" },
        { "weekly_limit_above_level", "WeeklyLimit" },
        { "individual_minutes_50", "ServiceMinutes" },
        { "five_sessions_at_level_3", "WeeklyPlanned" },
        { "overlapping_slots", "SlotOverlap" },
        { "slot_on_day_8", "SlotDay" },
        { "slot_at_25_00", "SlotStart" },
        { "slot_past_midnight", "SlotDuration" },
        { "other_schools_specialist", "StaffUnknown" },
        { "other_schools_room", "RoomUnknown" },
        { "timetable_without_room", "RoomNeeded" },
        { "tutor_needed_none_named", "TutorMissing" },
        { "specialist_as_tutor", "TutorUnknown" },
        { "other_schools_tutor", "TutorUnknown" },
        { "badge_not_hex", "BadgeInvalid" },
        { "badge_of_fox", "BadgeInUse" },
        { "badge_of_olena", "BadgeInUse" },
        { "no_badge", "BadgeRequired" },
        { "no_full_name", "FullNameRequired" },
        { "review_after_six_months", "NextReview" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_draft_that_breaks_a_rule_is_refused_with_its_reason_and_nothing_is_saved_or_audited(string change, string code)
    {
        var draft = NewDraft();
        var service = draft.Services[0];
        switch (change)
        {
            case "period_end_before_start": draft.PeriodEnd = draft.PeriodStart!.Value.AddDays(-1); break;
            case "support_level_6": draft.SupportLevel = 6; break;
            case "weekly_limit_above_level": draft.WeeklySessionLimit = 5; break;
            case "individual_minutes_50": service.MinutesPerSession = 50; break;
            case "five_sessions_at_level_3": draft.WeeklySessionLimit = 4; service.SessionsPerWeek = 3; draft.Services.Add(new ServiceDraft { Title = "Speech", SessionsPerWeek = 2, MinutesPerSession = 20 }); break;
            case "overlapping_slots": service.Slots[1] = new SlotDraft { Day = 2, Start = "09:10" }; break;
            case "slot_on_day_8": service.Slots[1].Day = 8; break;
            case "slot_at_25_00": service.Slots[1].Start = "25:00"; break;
            case "slot_past_midnight": service.Slots[1] = new SlotDraft { Day = 4, Start = "23:50", DurationMinutes = 20 }; break;
            case "other_schools_specialist": service.StaffId = StaffB; break;
            case "other_schools_room": service.RoomId = RoomB; break;
            case "timetable_without_room": service.RoomId = null; break;
            case "tutor_needed_none_named": draft.RequiresPersonalTutor = true; break;
            case "specialist_as_tutor": draft.RequiresPersonalTutor = true; draft.TutorStaffId = "staff-olena"; break;
            case "other_schools_tutor": draft.RequiresPersonalTutor = true; draft.TutorStaffId = StaffB; break;
            case "badge_not_hex": draft.BadgeUid = "not-a-badge"; break;
            case "badge_of_fox": draft.BadgeUid = DemoSeed.BadgeUids["p-3f9a1c"]; break;
            case "badge_of_olena": draft.BadgeUid = "04-a1-b2-c3"; break;
            case "no_badge": draft.BadgeUid = " "; break;
            case "no_full_name": draft.FullName = ""; break;
            case "review_after_six_months": draft.NextReviewOn = draft.PeriodStart!.Value.AddMonths(7); break;
            default: throw new ArgumentOutOfRangeException(nameof(change), change, null);
        }

        var before = await VersionAsync();
        await using (var db = ScopedContext())
        {
            var refused = await Assert.ThrowsAsync<ProgrammeRefusedException>(() => Records(db).CreateAsync(Specialist, draft, CancellationToken.None));
            Assert.Contains(refused.Problems, p => p.Code == code);
        }

        await using var check = NewContext();
        Assert.Equal(12, await check.Pupils.CountAsync(p => p.OrganisationId == DemoSeed.OrganisationId));
        Assert.Empty(await check.AuditEntries.ToListAsync());
        Assert.Equal(before, await VersionAsync());
    }

    [Fact]
    public async Task A_valid_draft_has_no_reason_to_refuse_it()
    {
        // The refusals above change one thing each of this draft: it must itself pass, or they prove nothing.
        await using var db = ScopedContext();
        await Records(db).CreateAsync(Specialist, NewDraft(), CancellationToken.None);
    }

    [Fact]
    public async Task A_second_edit_made_on_the_same_read_is_refused_as_a_conflict_and_leaves_the_first_and_no_second_entry()
    {
        ProgrammeDraft first, second;
        await using (var db = ScopedContext())
        {
            var record = (await Records(db).LoadForEditAsync(Specialist, HareProgramme, CancellationToken.None))!;
            first = ProgrammeRecords.DraftOf(record);
            second = ProgrammeRecords.DraftOf(record);
        }

        first.Adaptations = "first";
        second.Adaptations = "second";
        await using (var db = ScopedContext())
        {
            await Records(db).UpdateAsync(Specialist, HareProgramme, first, CancellationToken.None);
        }

        await using (var db = ScopedContext())
        {
            await Assert.ThrowsAsync<ProgrammeConflictException>(() => Records(db).UpdateAsync(Specialist, HareProgramme, second, CancellationToken.None));
        }

        await using var check = NewContext();
        Assert.Equal("first", (await check.Programmes.SingleAsync(p => p.Id == HareProgramme)).Adaptations);
        Assert.Single(await check.AuditEntries.ToListAsync());
    }

    [Fact]
    public async Task The_version_is_checked_in_the_UPDATE_itself_and_a_save_that_fails_there_rolls_back_and_leaves_no_audit_entry()
    {
        // Someone else's change lands between this edit's read and its UPDATE (in the same transaction, so it rolls back too).
        var before = await VersionAsync();
        await using (var db = ScopedContext(new ChangeVersionBeforeSave(HareProgramme)))
        {
            var records = Records(db);
            var draft = ProgrammeRecords.DraftOf((await records.LoadForEditAsync(Specialist, HareProgramme, CancellationToken.None))!);
            draft.Adaptations = "lost";
            draft.Services[0].Slots.Add(new SlotDraft { Day = 1, Start = "09:00" });
            var conflict = await Assert.ThrowsAsync<ProgrammeConflictException>(() => records.UpdateAsync(Specialist, HareProgramme, draft, CancellationToken.None));
            Assert.IsType<DbUpdateConcurrencyException>(conflict.InnerException);
        }

        await using var check = NewContext();
        var programme = await check.Programmes.SingleAsync(p => p.Id == HareProgramme);
        Assert.Equal((null, 1), (programme.Adaptations, programme.Version));
        Assert.Equal(1, await check.ScheduleSlots.CountAsync(s => s.PupilId == Hare));
        Assert.Empty(await check.AuditEntries.ToListAsync());
        Assert.Equal(before, await VersionAsync());
    }

    [Fact]
    public async Task A_review_raises_the_version_so_an_edit_read_before_it_is_a_conflict()
    {
        ProgrammeDraft draft;
        await using (var db = ScopedContext())
        {
            draft = ProgrammeRecords.DraftOf((await Records(db).LoadForEditAsync(Specialist, HareProgramme, CancellationToken.None))!);
            await new ProgrammeReviews(db, Time, new AuditLog(db, Time)).RecordReviewAsync(Specialist, HareProgramme, new DateOnly(2026, 11, 24), CancellationToken.None);
        }

        await using (var db = ScopedContext())
        {
            await Assert.ThrowsAsync<ProgrammeConflictException>(() => Records(db).UpdateAsync(Specialist, HareProgramme, draft, CancellationToken.None));
        }
    }

    [Fact]
    public async Task The_list_shows_each_pupil_with_the_current_programme_and_the_days_a_review_is_overdue()
    {
        await using var db = ScopedContext();
        var records = Records(db);
        var now = await records.ListAsync(DemoSeed.OrganisationId, CancellationToken.None);
        Assert.Equal(12, now.Count);
        Assert.All(now, row => Assert.Null(row.DaysOverdue));
        Assert.Null(now.Single(r => r.PupilId == "p-d3e9f7").ProgrammeId);
        Assert.DoesNotContain(now, r => r.PupilId == "p-programmes-b");

        Time.SetUtcNow(new DateTimeOffset(2027, 6, 3, 9, 0, 0, TimeSpan.Zero));
        var later = await records.ListAsync(DemoSeed.OrganisationId, CancellationToken.None);
        Assert.Equal(10, later.Single(r => r.PupilId == Hare).DaysOverdue);
        Assert.Equal((HareProgramme, 1), (later.Single(r => r.PupilId == Hare).ProgrammeId, later.Single(r => r.PupilId == Hare).Services));
    }

    [Fact]
    public async Task A_database_from_before_the_programme_pages_gets_its_slots_linked_to_the_pupils_service_for_the_rooms_kind()
    {
        await using (var db = NewContext())
        {
            // Back to the schema before (Down drops the new columns), with a slot of Moth, who has no programme.
            await db.GetService<IMigrator>().MigrateAsync("20261202120000_EdgeEnrolment");
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO schedule_slots (organisation_id, pupil_id, room_id, iso_day_of_week, start_minute, duration_minutes, kind) "
                + "VALUES ('org-demo', 'p-d3e9f7', 'room-sensory-1', 2, 600, 20, 'Individual')");
        }

        await using var after = NewContext();
        await ServerStorage.MigrateAsync(after, Storage, CancellationToken.None);
        var slots = await after.ScheduleSlots.AsNoTracking().ToListAsync();
        Assert.Equal(18, slots.Count);
        Assert.All(slots.Where(s => s.PupilId != "p-d3e9f7"), s => Assert.Equal($"ipr-{s.PupilId}-sensory", s.ProgrammeEntryId));
        Assert.Null(slots.Single(s => s.PupilId == "p-d3e9f7").ProgrammeEntryId);
        Assert.All(await after.Programmes.AsNoTracking().ToListAsync(), p => Assert.Equal(1, p.Version));
        Assert.Null((await after.ProgrammeEntries.AsNoTracking().SingleAsync(e => e.Id == HareService)).StaffId);
    }

    [Fact]
    public async Task The_demo_seed_still_starts_after_a_specialist_removed_a_demo_pupils_service_and_leaves_its_new_slots_unlinked()
    {
        await using (var db = ScopedContext())
        {
            var records = Records(db);
            var draft = ProgrammeRecords.DraftOf((await records.LoadForEditAsync(Specialist, HareProgramme, CancellationToken.None))!);
            draft.Services.Single().Remove = true;
            await records.UpdateAsync(Specialist, HareProgramme, draft, CancellationToken.None);
        }

        // A day later Hare's out-of-schedule slot moves to another day: the seed adds it again.
        Time.Advance(TimeSpan.FromDays(1));
        await using (var db = NewContext())
        {
            await new DemoSeed(db, Time, NullLogger<DemoSeed>.Instance).SeedAsync(CancellationToken.None);
        }

        await using var check = NewContext();
        var slot = Assert.Single(await check.ScheduleSlots.Where(s => s.PupilId == Hare).ToListAsync());
        Assert.Null(slot.ProgrammeEntryId);
        Assert.Equal("ipr-p-3f9a1c-sensory", (await check.ScheduleSlots.FirstAsync(s => s.PupilId == "p-3f9a1c")).ProgrammeEntryId);
    }

    /// <summary>A draft every rule accepts: level 3, two individual sessions (Tue and Thu 09:00) with Olena in the sensory room.</summary>
    private static ProgrammeDraft NewDraft() => new()
    {
        DisplayName = "Ivy",
        FullName = "Ivanna K.",
        BadgeUid = NewUid,
        SupportLevel = 3,
        WeeklySessionLimit = 3,
        IndividualSessionMinutes = 25,
        RequiresAssistant = true,
        AssistantStaffId = "staff-ivan",
        PeriodStart = new DateOnly(2026, 11, 24),
        PeriodEnd = new DateOnly(2027, 11, 23),
        Services =
        [
            new ServiceDraft
            {
                Title = "Sensory integration",
                RoomKind = RoomKind.Sensory,
                SessionKind = SessionKind.Individual,
                SessionsPerWeek = 2,
                MinutesPerSession = 20,
                StaffId = "staff-olena",
                RoomId = DemoSeed.RoomId,
                Slots = [new SlotDraft { Day = 2, Start = "09:00" }, new SlotDraft { Day = 4, Start = "9:00" }, new SlotDraft()],
            },
            new ServiceDraft { Slots = [new SlotDraft()] },
        ],
    };

    private ProgrammeRecords Records(ServerDbContext db) => new(db, Time, new AuditLog(db, Time), new BadgeHasher());

    private async Task<long> VersionAsync()
    {
        await using var db = NewContext();
        return await db.Organisations.Where(o => o.Id == DemoSeed.OrganisationId).Select(o => o.ConfigurationVersion).SingleAsync();
    }

    private async Task<RoomConfiguration> SnapshotAsync()
    {
        await using var db = NewContext();
        return await new RoomConfigurationBuilder(db, Time, NullLogger<RoomConfigurationBuilder>.Instance)
            .BuildAsync(await db.Edges.SingleAsync(e => e.Id == DemoSeed.EdgeId), CancellationToken.None);
    }

    protected ServerDbContext NewContext()
    {
        var builder = new DbContextOptionsBuilder<ServerDbContext>();
        ServerStorage.Configure(builder, Storage);
        return new ServerDbContext(builder.Options);
    }

    /// <summary>A context in the demo school's scope, as a signed-in specialist's request has.</summary>
    private ServerDbContext ScopedContext(params IInterceptor[] interceptors)
    {
        var builder = new DbContextOptionsBuilder<ServerDbContext>();
        ServerStorage.Configure(builder, Storage);
        builder.AddInterceptors(interceptors);
        return new ServerDbContext(builder.Options, new FixedAccessScope(AccessScope.ForOrganisation(DemoSeed.OrganisationId)));
    }

    /// <summary>Raises the programme's version with SQL just before the context saves: another editor's change, won by them.</summary>
    private sealed class ChangeVersionBeforeSave(string programmeId) : SaveChangesInterceptor
    {
        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            var context = eventData.Context!;
            await context.Database.ExecuteSqlAsync($"UPDATE programmes SET version = version + 1 WHERE id = {programmeId}", cancellationToken);
            return result;
        }
    }
}

public sealed class SqliteProgrammeRecordsTests : ProgrammeRecordsTests
{
    private readonly ScratchDirectory _scratch = new("programmes-sqlite");

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _scratch.Dispose();
        return Task.CompletedTask;
    }

    protected override Task<StorageOptions> CreateStorageAsync() => Task.FromResult(new StorageOptions
    {
        Provider = "Sqlite",
        ConnectionString = $"Data Source={_scratch.File("records.db")}",
    });
}

[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlProgrammeRecordsTests(PostgresFixture postgres) : ProgrammeRecordsTests
{
    protected override async Task<StorageOptions> CreateStorageAsync() => new()
    {
        Provider = "PostgreSql",
        ConnectionString = await postgres.CreateDatabaseAsync(),
    };
}
