using System.Security.Cryptography;
using Inclusion.Iot.Server.Api.Demo;
using Inclusion.Iot.Server.Api.Extensions;
using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Audit;
using Inclusion.Iot.Server.Records.Ingest;
using Inclusion.Iot.Server.Records.Programmes;
using Inclusion.Iot.Server.Records.Retention;
using Inclusion.Iot.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Inclusion.Iot.Server.Tests.Audit;

/// <summary>
/// The audit log, programme reviews and the retention purge against a real database: every test runs on SQLite
/// (<see cref="SqliteAuditStoreTests"/>) and PostgreSQL (<see cref="PostgreSqlAuditStoreTests"/>).
/// </summary>
public abstract class AuditStoreTests : IAsyncLifetime
{
    private static readonly AuditActor Coordinator = new("acct-coordinator", "Coordinator", DemoSeed.OrganisationId, "10.0.0.7");

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

    protected abstract Task<StorageOptions> CreateStorageAsync();

    [Fact]
    public async Task An_intact_chain_of_many_entries_verifies_and_the_head_names_the_last()
    {
        await AppendManyAsync(150);
        await using var db = NewContext();
        var result = await new AuditVerifier(db).VerifyAsync(CancellationToken.None);
        Assert.Equal(new AuditVerification(150, null, null), result);
        var head = await db.AuditChainHead.SingleAsync();
        var last = await db.AuditEntries.OrderByDescending(e => e.Sequence).FirstAsync();
        Assert.Equal((150L, last.Hash), (head.LastSequence, head.LastHash));
        Assert.Equal(Enumerable.Range(1, 150).Select(i => (long)i), await db.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync());
        var first = await db.AuditEntries.SingleAsync(e => e.Sequence == 1);
        Assert.Equal(AuditChainHead.GenesisHash, first.PreviousHash);
    }

    [Fact]
    public async Task An_empty_chain_is_intact()
    {
        await using var db = NewContext();
        Assert.Equal(new AuditVerification(0, null, null), await new AuditVerifier(db).VerifyAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("details = 'edited'")]
    [InlineData("actor = 'acct-someone-else'")]
    [InlineData("action = 'Read'")]
    [InlineData("organisation_id = NULL")]
    [InlineData("subject_id = 'p-000000'")]
    [InlineData("origin = 'command'")]
    public async Task Editing_one_field_of_one_row_with_raw_SQL_breaks_the_chain_at_exactly_that_row(string assignment)
    {
        await AppendManyAsync(60);
        await ExecuteRawAsync($"UPDATE audit_entries SET {assignment} WHERE sequence = 37");

        var result = await VerifyAsync();
        Assert.Equal(37, result.BrokenAt);
        Assert.StartsWith("hash mismatch", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editing_the_time_of_a_row_breaks_the_chain_at_that_row()
    {
        await AppendManyAsync(20);
        await using (var db = NewContext())
        {
            var entry = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Sequence == 12);
            var earlier = entry.OccurredAt.AddSeconds(-1);
            await db.Database.ExecuteSqlAsync($"UPDATE audit_entries SET occurred_at = {earlier} WHERE sequence = 12");
        }

        Assert.Equal(12, (await VerifyAsync()).BrokenAt);
    }

    [Fact]
    public async Task Re_hashing_an_edited_row_is_caught_by_the_next_rows_previous_hash()
    {
        await AppendManyAsync(30);
        await using (var db = NewContext())
        {
            var entry = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Sequence == 10);
            entry.Details = "rewritten";
            var hash = AuditHash.Compute(entry);
            await db.Database.ExecuteSqlAsync($"UPDATE audit_entries SET details = {entry.Details}, hash = {hash} WHERE sequence = 10");
        }

        var result = await VerifyAsync();
        Assert.Equal(11, result.BrokenAt);
        Assert.StartsWith("previous-hash mismatch", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_a_middle_row_breaks_the_chain_at_the_gap()
    {
        await AppendManyAsync(40);
        await ExecuteRawAsync("DELETE FROM audit_entries WHERE sequence = 23");

        var result = await VerifyAsync();
        Assert.Equal((22L, 23L), (result.Entries, result.BrokenAt!.Value));
        Assert.StartsWith("sequence gap: entry #23 is missing (the next stored entry is #24)", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_the_tail_is_detected_through_the_chain_head()
    {
        await AppendManyAsync(40);
        await ExecuteRawAsync("DELETE FROM audit_entries WHERE sequence > 35");

        var result = await VerifyAsync();
        Assert.Equal((35L, 36L), (result.Entries, result.BrokenAt!.Value));
        Assert.StartsWith("truncated: the chain head records 40 entries, the last stored entry is #35", result.Reason, StringComparison.Ordinal);

        await ExecuteRawAsync("DELETE FROM audit_chain_head");
        Assert.Equal("the chain head (audit_chain_head) is missing", (await VerifyAsync()).Reason);
    }

    [Fact]
    public async Task An_append_joins_the_callers_transaction_a_rollback_drops_both_the_change_and_its_entry()
    {
        await AppendManyAsync(3);
        await using (var db = NewContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var entry = await db.ProgrammeEntries.SingleAsync(e => e.Id == "ipr-p-3f9a1c-sensory");
            entry.SessionsPerWeek = 9;
            await db.SaveChangesAsync();
            await new AuditLog(db, Time).AppendAsync(Coordinator, AuditAction.Update, "programme-entry", entry.Id, "sessions per week", CancellationToken.None);
            await transaction.RollbackAsync();
        }

        await using (var check = NewContext())
        {
            Assert.NotEqual(9, (await check.ProgrammeEntries.SingleAsync(e => e.Id == "ipr-p-3f9a1c-sensory")).SessionsPerWeek);
            Assert.Equal(3, await check.AuditEntries.CountAsync());
            Assert.Equal(3, (await check.AuditChainHead.SingleAsync()).LastSequence);
        }

        await using (var db = NewContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var entry = await db.ProgrammeEntries.SingleAsync(e => e.Id == "ipr-p-3f9a1c-sensory");
            entry.SessionsPerWeek = 9;
            // The append neither saves nor drops the caller's pending change.
            var appended = await new AuditLog(db, Time).AppendAsync(Coordinator, AuditAction.Update, "programme-entry", entry.Id, "sessions per week", CancellationToken.None);
            Assert.Equal(4, appended.Sequence);
            Assert.Equal(EntityState.Modified, db.Entry(entry).State);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        await using var after = NewContext();
        Assert.Equal(9, (await after.ProgrammeEntries.SingleAsync(e => e.Id == "ipr-p-3f9a1c-sensory")).SessionsPerWeek);
        Assert.Equal(new AuditVerification(4, null, null), await new AuditVerifier(after).VerifyAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Appends_from_many_concurrent_tasks_make_one_contiguous_chain_that_verifies()
    {
        const int tasks = 12;
        const int each = 15;
        await Task.WhenAll(Enumerable.Range(0, tasks).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < each; i++)
            {
                await using var db = NewContext();
                await new AuditLog(db, Time).AppendAsync(
                    new AuditActor($"acct-{t}", "Specialist", DemoSeed.OrganisationId, "10.0.0.1"), AuditAction.Read, "pupil", $"p-{t}-{i}", null, CancellationToken.None);
            }
        })));

        await using var check = NewContext();
        Assert.Equal(Enumerable.Range(1, tasks * each).Select(i => (long)i), await check.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync());
        Assert.Equal(new AuditVerification(tasks * each, null, null), await new AuditVerifier(check).VerifyAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_change_tracker_refuses_to_add_change_or_delete_audit_rows()
    {
        await AppendManyAsync(2);
        await using (var db = NewContext())
        {
            var entry = await db.AuditEntries.SingleAsync(e => e.Sequence == 2);
            entry.Details = "edited";
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
            Assert.Contains("append-only", refused.Message, StringComparison.Ordinal);
        }

        await using (var db = NewContext())
        {
            db.AuditEntries.Remove(await db.AuditEntries.SingleAsync(e => e.Sequence == 2));
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
            db.ChangeTracker.Clear();
            (await db.AuditChainHead.SingleAsync()).LastSequence = 9;
            Assert.Throws<InvalidOperationException>(() => db.SaveChanges());
        }

        Assert.Equal(new AuditVerification(2, null, null), await VerifyAsync());
    }

    [Fact]
    public async Task A_bad_append_is_refused_with_the_reason_and_changes_nothing()
    {
        await using var db = NewContext();
        var log = new AuditLog(db, Time);
        await Assert.ThrowsAsync<ArgumentException>(() => log.AppendAsync(Coordinator with { Actor = " " }, AuditAction.Read, "pupil", "p-1", null, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => log.AppendAsync(Coordinator, AuditAction.Read, "pupil", "p-1", new string('x', AuditLog.MaxDetailsLength + 1), CancellationToken.None));
        Assert.Equal(0, await db.AuditEntries.CountAsync());
        Assert.Equal(0, (await db.AuditChainHead.SingleAsync()).LastSequence);
    }

    [Fact]
    public async Task Search_filters_by_organisation_actor_action_subject_and_time_newest_first_and_pages_by_sequence()
    {
        var start = Time.GetUtcNow().UtcDateTime;
        await using (var db = NewContext())
        {
            var log = new AuditLog(db, Time);
            for (var i = 1; i <= 30; i++)
            {
                var actor = new AuditActor(i % 3 == 0 ? "acct-b" : "acct-a", "Coordinator", i % 5 == 0 ? "org-other" : DemoSeed.OrganisationId, "10.0.0.1");
                var action = i % 2 == 0 ? AuditAction.Update : AuditAction.Read;
                var kind = i % 4 == 0 ? "programme" : "pupil";
                await log.AppendAsync(actor, action, kind, $"{(kind == "programme" ? "ipr" : "p")}-{i % 7}", null, CancellationToken.None);
                Time.Advance(TimeSpan.FromMinutes(1));
            }
        }

        var all = Enumerable.Range(1, 30).ToList();
        Assert.Equal(Expect(all.Where(i => i % 5 == 0)), await SearchAsync(new AuditFilter { OrganisationId = "org-other" }));
        Assert.Equal(Expect(all.Where(i => i % 3 == 0)), await SearchAsync(new AuditFilter { Actor = "acct-b" }));
        Assert.Equal(Expect(all.Where(i => i % 2 == 0)), await SearchAsync(new AuditFilter { Action = AuditAction.Update }));
        Assert.Equal(Expect(all.Where(i => i % 4 == 0)), await SearchAsync(new AuditFilter { SubjectKind = "programme" }));
        Assert.Equal(Expect(all.Where(i => i % 4 != 0 && i % 7 == 3)), await SearchAsync(new AuditFilter { SubjectKind = "pupil", SubjectId = "p-3" }));
        // Entry i was written at start + (i - 1) minutes: from inclusive, to exclusive.
        Assert.Equal(Expect(Enumerable.Range(11, 10)), await SearchAsync(new AuditFilter { From = start.AddMinutes(10), To = start.AddMinutes(20) }));
        Assert.Equal(
            Expect(all.Where(i => i % 3 != 0 && i % 5 != 0 && i % 2 == 1 && i >= 6)),
            await SearchAsync(new AuditFilter { OrganisationId = DemoSeed.OrganisationId, Actor = "acct-a", Action = AuditAction.Read, From = start.AddMinutes(5) }));

        // Pages of 7 walk every entry once, newest first.
        await using var check = NewContext();
        var queries = new AuditQueries(check);
        var seen = new List<long>();
        long? before = null;
        var pages = 0;
        do
        {
            var page = await queries.SearchAsync(new AuditFilter(), 7, before, CancellationToken.None);
            Assert.True(page.Entries.Count <= 7);
            seen.AddRange(page.Entries.Select(e => e.Sequence));
            before = page.NextBefore;
            pages++;
        }
        while (before is not null);
        Assert.Equal(Expect(all), seen);
        Assert.Equal(5, pages);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queries.SearchAsync(new AuditFilter(), 0, null, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queries.SearchAsync(new AuditFilter(), AuditQueries.MaxLimit + 1, null, CancellationToken.None));

        // The export's stream takes the same filter.
        var streamed = new List<long>();
        await foreach (var entry in queries.StreamAsync(new AuditFilter { Actor = "acct-b" }))
        {
            streamed.Add(entry.Sequence);
        }

        Assert.Equal(Expect(all.Where(i => i % 3 == 0)), streamed);

        static List<long> Expect(IEnumerable<int> sequences) => sequences.Select(i => (long)i).OrderDescending().ToList();
    }

    [Fact]
    public async Task The_verify_audit_command_exits_0_when_intact_1_when_broken_and_2_for_bad_arguments_or_storage()
    {
        await AppendManyAsync(10);
        string[] storage = [$"--Storage:Provider={Storage.Provider}", $"--Storage:ConnectionString={Storage.ConnectionString}"];
        Assert.Equal(0, await RecordsCommandExtensions.RunVerifyAuditAsync(storage));
        await ExecuteRawAsync("UPDATE audit_entries SET details = 'edited' WHERE sequence = 4");
        Assert.Equal(1, await RecordsCommandExtensions.RunVerifyAuditAsync(storage));
        Assert.Equal(2, await RecordsCommandExtensions.RunVerifyAuditAsync([.. storage, "everything"]));
        Assert.Equal(2, await RecordsCommandExtensions.RunVerifyAuditAsync(["--Storage:Provider=Oracle"]));
    }

    [Fact]
    public async Task D_IPR_overdue_reviews_turn_over_at_midnight_in_the_organisations_zone_not_at_UTC_midnight()
    {
        await using (var db = NewContext())
        {
            db.Networks.Add(new Network { Id = "net-review", Name = "Review network" });
            db.Organisations.Add(new Organisation { Id = "org-review", Name = "Review school", NetworkId = "net-review", TimeZone = "Europe/Kyiv", BadgeSalt = new byte[32] });
            foreach (var (id, next, end) in new[]
            {
                ("due", new DateOnly(2026, 11, 24), new DateOnly(2027, 5, 31)),
                ("long", new DateOnly(2026, 10, 1), new DateOnly(2027, 5, 31)),
                ("ending", new DateOnly(2026, 6, 1), new DateOnly(2026, 11, 24)),
                ("ahead", new DateOnly(2026, 12, 1), new DateOnly(2027, 5, 31)),
            })
            {
                db.Pupils.Add(new Pupil { Id = $"p-r-{id}", OrganisationId = "org-review", DisplayName = id, FullName = id, BadgeHash = new byte[32] });
                db.Programmes.Add(new Programme
                {
                    Id = $"ipr-r-{id}", OrganisationId = "org-review", PupilId = $"p-r-{id}",
                    PeriodStart = new DateOnly(2025, 12, 1), PeriodEnd = end, NextReviewOn = next,
                });
            }

            await db.SaveChangesAsync();
        }

        // 23:59:59 on 24 November in Kyiv (UTC+2).
        Time.SetUtcNow(new DateTimeOffset(2026, 11, 24, 21, 59, 59, TimeSpan.Zero));
        Assert.Equal(
            [new OverdueReview("ipr-r-ending", "p-r-ending", new DateOnly(2026, 6, 1), new DateOnly(2026, 11, 24), 176), new OverdueReview("ipr-r-long", "p-r-long", new DateOnly(2026, 10, 1), new DateOnly(2027, 5, 31), 54)],
            await OverdueAsync("org-review"));

        // Midnight in Kyiv, still 24 November in UTC: the period of 'ending' is over, 'due' is a day late.
        Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(
            [new OverdueReview("ipr-r-long", "p-r-long", new DateOnly(2026, 10, 1), new DateOnly(2027, 5, 31), 55), new OverdueReview("ipr-r-due", "p-r-due", new DateOnly(2026, 11, 24), new DateOnly(2027, 5, 31), 1)],
            await OverdueAsync("org-review"));

        // A given day: the same rule, the caller's "as of".
        await using (var asOf = NewContext())
        {
            var listed = await new ProgrammeReviews(asOf, Time, new AuditLog(asOf, Time)).OverdueAsync("org-review", new DateOnly(2026, 12, 2), CancellationToken.None);
            Assert.Equal([("ipr-r-long", 62), ("ipr-r-due", 8), ("ipr-r-ahead", 1)], listed.Select(r => (r.ProgrammeId, r.DaysOverdue)));
        }

        await using var reviews = NewContext();
        await Assert.ThrowsAsync<ArgumentException>(() => new ProgrammeReviews(reviews, Time, new AuditLog(reviews, Time)).OverdueAsync("org-missing", CancellationToken.None));
    }

    [Fact]
    public async Task D_IPR_recording_a_review_moves_the_next_review_six_months_on_and_audits_it_in_the_same_transaction()
    {
        long version;
        await using (var db = NewContext())
        {
            version = (await db.Organisations.SingleAsync()).ConfigurationVersion;
            var reviews = new ProgrammeReviews(db, Time, new AuditLog(db, Time));
            var programme = await reviews.RecordReviewAsync(Coordinator, "ipr-p-3f9a1c", new DateOnly(2026, 11, 24), CancellationToken.None);
            Assert.Equal((new DateOnly(2026, 11, 24), new DateOnly(2027, 5, 24)), (programme.LastReviewedOn!.Value, programme.NextReviewOn));
            await Assert.ThrowsAsync<ArgumentException>(() => reviews.RecordReviewAsync(Coordinator, "ipr-p-3f9a1c", new DateOnly(2026, 11, 25), CancellationToken.None));
            await Assert.ThrowsAsync<ArgumentException>(() => reviews.RecordReviewAsync(Coordinator with { OrganisationId = "org-other" }, "ipr-p-3f9a1c", new DateOnly(2026, 11, 24), CancellationToken.None));
        }

        await using var check = NewContext();
        var stored = await check.Programmes.SingleAsync(p => p.Id == "ipr-p-3f9a1c");
        Assert.Equal(new DateOnly(2027, 5, 24), stored.NextReviewOn);
        var entry = await check.AuditEntries.SingleAsync();
        Assert.Equal((AuditAction.Review, "programme", "ipr-p-3f9a1c", "acct-coordinator", "10.0.0.7"), (entry.Action, entry.SubjectKind, entry.SubjectId!, entry.Actor, entry.Origin));
        Assert.True((await check.Organisations.SingleAsync()).ConfigurationVersion > version);
    }

    [Fact]
    public async Task Retention_purges_an_expired_programme_and_its_pupil_from_every_table_and_keeps_what_is_within_retention()
    {
        // Today is 24 November 2026 in Kyiv. Zoryana's only programme ended 23 November 2023: kept through yesterday.
        // Bohdan's old programme is past retention, his newer one ended exactly three years ago today: kept.
        var badge = RandomNumberGenerator.GetBytes(32);
        const string purgedPupil = "p-zz0purge";
        const string fullName = "Zoryana Purgeova-Testenko";
        const string displayName = "Zirochka";
        const string purgedProgramme = "ipr-zz0purge-2020";
        const string purgedTitle = "Vestibular calming plan 7Q";
        const string oldProgramme = "ipr-zz0keep-old";
        const string oldTitle = "Old listening plan 9W";
        long version;
        await using (var db = NewContext())
        {
            version = (await db.Organisations.SingleAsync()).ConfigurationVersion;
            var zoryana = new Pupil { Id = purgedPupil, OrganisationId = DemoSeed.OrganisationId, DisplayName = displayName, FullName = fullName, BadgeHash = badge, SupportLevel = 4 };
            zoryana.SensoryProfile.Brightness = 77;
            var programme = new Programme { Id = purgedProgramme, OrganisationId = DemoSeed.OrganisationId, PupilId = purgedPupil, PeriodStart = new DateOnly(2020, 9, 1), PeriodEnd = new DateOnly(2023, 11, 23), NextReviewOn = new DateOnly(2023, 11, 23) };
            programme.Entries.Add(new ProgrammeEntry { Id = "ipe-zz0purge-1", OrganisationId = DemoSeed.OrganisationId, ProgrammeId = purgedProgramme, Title = purgedTitle, SessionsPerWeek = 2, MinutesPerSession = 15 });
            zoryana.Programmes.Add(programme);
            zoryana.Schedule.Add(new ScheduleSlot { OrganisationId = DemoSeed.OrganisationId, PupilId = purgedPupil, RoomId = DemoSeed.RoomId, IsoDayOfWeek = 2, StartMinute = 600, DurationMinutes = 20 });
            db.Pupils.Add(zoryana);
            db.StaffAssignments.Add(new StaffAssignment { OrganisationId = DemoSeed.OrganisationId, StaffId = "staff-olena", PupilId = purgedPupil });

            var bohdan = new Pupil { Id = "p-zz0keep", OrganisationId = DemoSeed.OrganisationId, DisplayName = "Bodya", FullName = "Bohdan Keepenko", BadgeHash = RandomNumberGenerator.GetBytes(32) };
            var old = new Programme { Id = oldProgramme, OrganisationId = DemoSeed.OrganisationId, PupilId = "p-zz0keep", PeriodStart = new DateOnly(2021, 9, 1), PeriodEnd = new DateOnly(2022, 5, 31), NextReviewOn = new DateOnly(2022, 3, 1) };
            old.Entries.Add(new ProgrammeEntry { Id = "ipe-zz0keep-old-1", OrganisationId = DemoSeed.OrganisationId, ProgrammeId = oldProgramme, Title = oldTitle });
            var kept = new Programme { Id = "ipr-zz0keep-new", OrganisationId = DemoSeed.OrganisationId, PupilId = "p-zz0keep", PeriodStart = new DateOnly(2022, 9, 1), PeriodEnd = new DateOnly(2023, 11, 24), NextReviewOn = new DateOnly(2023, 3, 1) };
            kept.Entries.Add(new ProgrammeEntry { Id = "ipe-zz0keep-new-1", OrganisationId = DemoSeed.OrganisationId, ProgrammeId = "ipr-zz0keep-new", Title = "Kept plan 3K" });
            bohdan.Programmes.Add(old);
            bohdan.Programmes.Add(kept);
            db.Pupils.Add(bohdan);
            await db.SaveChangesAsync();
            version = (await db.Organisations.SingleAsync()).ConfigurationVersion;
        }

        // Zoryana's sessions, as her room's edge reported them: statistics that stay, under her pseudonymous id.
        await using (var db = NewContext())
        {
            var events = new[] { Events.Started(1, "s-zz-1", purgedPupil), Events.Ended(2, "s-zz-1"), Events.Refused(3, Contracts.Edge.V1.RefusalReason.WeeklyLimit, "R-WEEK", purgedPupil) };
            await ((IEventIngest)new EventIngest(db, Time, NullLogger<EventIngest>.Instance)).IngestAsync(Events.Batch(events), CancellationToken.None);
        }

        RetentionSummary summary;
        await using (var db = NewContext())
        {
            summary = await new RetentionPurge(db, Time, new AuditLog(db, Time)).PurgeAsync(CancellationToken.None);
        }

        Assert.Equal(new RetentionSummary(2, 1, 1), summary);
        await using (var db = NewContext())
        {
            var dump = await DatabaseDump.ReadAsync(db);
            Assert.Contains("pupils", dump.Tables);
            Assert.Contains("audit_entries", dump.Tables);
            Assert.Empty(dump.WhereText(fullName));
            Assert.Empty(dump.WhereText(displayName));
            Assert.Empty(dump.WhereBytes(badge));
            Assert.Empty(dump.WhereText(purgedTitle));
            Assert.Empty(dump.WhereText(oldTitle));
            Assert.Empty(dump.WhereText("ipe-zz0keep-old-1"));
            // What stays: the ids in the audit log's purge entries, and Zoryana's pseudonymous id in the anonymous statistics:
            // the raw events (payload), her session and its decisions, and the programme entry id her edge named for the
            // session ("ipr-p-zz0purge-sensory", which embeds her id).
            Assert.Equal(["audit_entries.subject_id"], dump.WhereText(purgedProgramme));
            Assert.Equal(["audit_entries.subject_id"], dump.WhereText(oldProgramme));
            Assert.Equal(["audit_entries.subject_id", "decisions.holder_id", "raw_events.payload", "session_pupils.pupil_id", "sessions.programme_entry_id"], dump.WhereText(purgedPupil));

            // Bohdan and his programme within retention are untouched.
            var bohdan = await db.Pupils.Include(p => p.Programmes).ThenInclude(p => p.Entries).SingleAsync(p => p.Id == "p-zz0keep");
            Assert.Equal("Bohdan Keepenko", bohdan.FullName);
            Assert.Equal(["ipr-zz0keep-new"], bohdan.Programmes.Select(p => p.Id));
            Assert.Equal(["Kept plan 3K"], bohdan.Programmes.SelectMany(p => p.Entries).Select(e => e.Title));
            Assert.Equal(12 + 1, await db.Pupils.CountAsync());
            Assert.Equal(1, await db.Sessions.CountAsync(s => s.Id == "s-zz-1"));

            // The edges drop her: the configuration version moved.
            Assert.True((await db.Organisations.SingleAsync()).ConfigurationVersion > version);

            var purges = await db.AuditEntries.Where(e => e.Action == AuditAction.Purge).OrderBy(e => e.Sequence).ToListAsync();
            Assert.Equal(
                [("programme", oldProgramme), ("programme", purgedProgramme), ("pupil", purgedPupil)],
                purges.Select(e => (e.SubjectKind, e.SubjectId!)));
            Assert.All(purges, e => Assert.Equal((AuditActor.SystemActor, AuditActor.JobOrigin, DemoSeed.OrganisationId), (e.Actor, e.Origin, e.OrganisationId!)));
            Assert.True((await new AuditVerifier(db).VerifyAsync(CancellationToken.None)).Intact);
        }

        // A second run finds nothing more; tomorrow Bohdan's newer programme and then Bohdan go too.
        await using (var db = NewContext())
        {
            Assert.Equal(new RetentionSummary(0, 0, 0), await new RetentionPurge(db, Time, new AuditLog(db, Time)).PurgeAsync(CancellationToken.None));
            // 23:59:59 in Kyiv (UTC+2): still the last day Bohdan's newer programme is kept; at midnight there it goes.
            Time.SetUtcNow(new DateTimeOffset(2026, 11, 24, 21, 59, 59, TimeSpan.Zero));
            Assert.Equal(new RetentionSummary(0, 0, 0), await new RetentionPurge(db, Time, new AuditLog(db, Time)).PurgeAsync(CancellationToken.None));
            Time.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(new RetentionSummary(1, 1, 1), await new RetentionPurge(db, Time, new AuditLog(db, Time)).PurgeAsync(CancellationToken.None));
            Assert.False(await db.Pupils.AnyAsync(p => p.Id == "p-zz0keep"));
            Assert.Equal(12, await db.Pupils.CountAsync());
        }
    }

    protected ServerDbContext NewContext()
    {
        var builder = new DbContextOptionsBuilder<ServerDbContext>();
        ServerStorage.Configure(builder, Storage);
        return new ServerDbContext(builder.Options);
    }

    private async Task<List<OverdueReview>> OverdueAsync(string organisationId)
    {
        await using var db = NewContext();
        return [.. await new ProgrammeReviews(db, Time, new AuditLog(db, Time)).OverdueAsync(organisationId, CancellationToken.None)];
    }

    private async Task<List<long>> SearchAsync(AuditFilter filter)
    {
        await using var db = NewContext();
        var page = await new AuditQueries(db).SearchAsync(filter, AuditQueries.MaxLimit, null, CancellationToken.None);
        Assert.Null(page.NextBefore);
        return page.Entries.Select(e => e.Sequence).ToList();
    }

    private async Task<AuditVerification> VerifyAsync()
    {
        await using var db = NewContext();
        return await new AuditVerifier(db).VerifyAsync(CancellationToken.None);
    }

    /// <summary>Through the connection, bypassing EF: the way someone with database access would edit the log.</summary>
    private async Task ExecuteRawAsync(string sql)
    {
        await using var db = NewContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.True(await command.ExecuteNonQueryAsync() > 0, $"'{sql}' changed nothing");
    }

    private async Task AppendManyAsync(int count)
    {
        await using var db = NewContext();
        var log = new AuditLog(db, Time);
        for (var i = 1; i <= count; i++)
        {
            var actor = i % 4 == 0 ? AuditActor.System(null, AuditActor.CommandOrigin) : Coordinator with { Actor = $"acct-{i % 3}" };
            await log.AppendAsync(actor, (AuditAction)(i % Enum.GetValues<AuditAction>().Length), i % 2 == 0 ? "pupil" : "programme", $"p-{i:000}",
                i % 5 == 0 ? null : $"entry {i}, \"quoted\"\nКирилиця ґ", CancellationToken.None);
            Time.Advance(TimeSpan.FromTicks(12_345_678));
        }
    }
}

public sealed class SqliteAuditStoreTests : AuditStoreTests
{
    private readonly ScratchDirectory _scratch = new("audit-sqlite");

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _scratch.Dispose();
        return Task.CompletedTask;
    }

    protected override Task<StorageOptions> CreateStorageAsync() => Task.FromResult(new StorageOptions
    {
        Provider = "Sqlite",
        ConnectionString = $"Data Source={_scratch.File("audit.db")}",
    });
}

[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlAuditStoreTests(PostgresFixture postgres) : AuditStoreTests
{
    protected override async Task<StorageOptions> CreateStorageAsync() => new()
    {
        Provider = "PostgreSql",
        ConnectionString = await postgres.CreateDatabaseAsync(),
    };
}
