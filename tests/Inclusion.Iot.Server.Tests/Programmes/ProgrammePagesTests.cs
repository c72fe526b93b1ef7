using System.Net;
using Inclusion.Iot.Server.Api.Badges;
using Inclusion.Iot.Server.Api.Demo;
using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Inclusion.Iot.Server.Tests.Programmes;

/// <summary>
/// The programme pages (D-IPR) on the real host, signed in through the sign-in form as each demo role: what each role
/// sees and may post, the forms as a browser posts them (antiforgery token included), the audit entries they leave,
/// refusals in the reader's language and the overdue-review alert on the fake clock (Tuesday 2026-11-24 11:30 in Kyiv).
/// </summary>
public sealed class ProgrammePagesTests : IDisposable
{
    private const string HareProgramme = "ipr-p-5a1d3e";
    private const string Hare = "p-5a1d3e";
    private const string SchoolBProgramme = "ipr-pages-school-b";
    private const string NewUid = "04C0FFEE1234";

    private readonly ServerFactory _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task The_programme_page_shows_the_whole_programme_and_every_view_is_audited_as_Read_with_the_reader_and_address()
    {
        using var specialist = await _server.SignedInClientAsync(AccountRole.Specialist);
        var html = await specialist.GetStringAsync(Url($"/programmes/{HareProgramme}"));
        Assert.Contains("Bohdan V.", html, StringComparison.Ordinal);
        Assert.Contains("Sensory room sessions", html, StringComparison.Ordinal);
        Assert.Contains("Olena P.", html, StringComparison.Ordinal);
        Assert.Contains("Friday 10:00–10:20", html, StringComparison.Ordinal);
        Assert.Contains("id=\"edit\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"review\"", html, StringComparison.Ordinal);
        await specialist.GetStringAsync(Url($"/programmes/{HareProgramme}"));

        using var auditor = await _server.SignedInClientAsync(AccountRole.Auditor);
        var readOnly = await auditor.GetStringAsync(Url($"/programmes/{HareProgramme}?culture=uk"));
        Assert.Contains("Bohdan V.", readOnly, StringComparison.Ordinal);
        Assert.Contains("Рівень підтримки", readOnly, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"edit\"", readOnly, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"review\"", readOnly, StringComparison.Ordinal);

        var reads = await AuditAsync(AuditAction.Read);
        Assert.Equal(3, reads.Count);
        Assert.All(reads, e => Assert.Equal((AuditSubject.Programme, HareProgramme, DemoSeed.OrganisationId), (e.SubjectKind, e.SubjectId, e.OrganisationId)));
        Assert.Equal([nameof(AccountRole.Specialist), nameof(AccountRole.Specialist), nameof(AccountRole.Auditor)], reads.Select(e => e.ActorRole));
        Assert.All(reads, e => Assert.False(string.IsNullOrEmpty(e.Origin)));
    }

    [Fact]
    public async Task The_auditor_and_coordinator_may_post_nothing_and_another_schools_programme_is_not_found_on_any_url()
    {
        await ArrangeSchoolBAsync();
        using var auditor = await _server.SignedInClientAsync(AccountRole.Auditor);
        // The sign-out form's token is the auditor's own: the refusals below are the policy's, not antiforgery's.
        var token = ServerFactory.AntiforgeryToken(await auditor.GetStringAsync(Url("/programmes")));
        using (var review = await auditor.PostAsync(Url($"/programmes/{HareProgramme}?handler=Review"), Form(token, ("ReviewedOn", "2026-11-24"))))
        {
            Assert.Equal(HttpStatusCode.Forbidden, review.StatusCode);
        }

        using (var edit = await auditor.PostAsync(Url($"/programmes/{HareProgramme}/edit"), Form(token, ("Draft.DisplayName", "X"))))
        {
            Assert.Equal(HttpStatusCode.Forbidden, edit.StatusCode);
        }

        using (var create = await auditor.PostAsync(Url("/pupils/new"), Form(token, ("Draft.DisplayName", "X"))))
        {
            Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        }

        Assert.DoesNotContain("href=\"/pupils/new\"", await auditor.GetStringAsync(Url("/programmes")), StringComparison.Ordinal);
        Assert.Null((await ProgrammeAsync(HareProgramme)).LastReviewedOn);

        using var specialist = await _server.SignedInClientAsync(AccountRole.Specialist);
        Assert.Contains("href=\"/pupils/new\"", await specialist.GetStringAsync(Url("/programmes")), StringComparison.Ordinal);
        Assert.DoesNotContain(SchoolBProgramme, await specialist.GetStringAsync(Url("/programmes")), StringComparison.Ordinal);
        foreach (var path in new[] { $"/programmes/{SchoolBProgramme}", $"/programmes/{SchoolBProgramme}/edit", "/programmes/ipr-no-such-programme" })
        {
            using var response = await specialist.GetAsync(Url(path));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        var specialistToken = ServerFactory.AntiforgeryToken(await specialist.GetStringAsync(Url("/programmes")));
        using (var review = await specialist.PostAsync(Url($"/programmes/{SchoolBProgramme}?handler=Review"), Form(specialistToken, ("ReviewedOn", "2026-11-24"))))
        {
            Assert.Equal(HttpStatusCode.NotFound, review.StatusCode);
        }

        Assert.Null((await ProgrammeAsync(SchoolBProgramme)).LastReviewedOn);
        Assert.Empty(await AuditAsync(AuditAction.Read));
        Assert.Empty(await AuditAsync(AuditAction.Review));
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        using var specialist = await _server.SignedInClientAsync(AccountRole.Specialist);
        using var content = new FormUrlEncodedContent([new("ReviewedOn", "2026-11-24")]);
        using var response = await specialist.PostAsync(Url($"/programmes/{HareProgramme}?handler=Review"), content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null((await ProgrammeAsync(HareProgramme)).LastReviewedOn);
    }

    [Fact]
    public async Task A_specialist_creates_a_pupil_with_a_programme_through_the_form_and_the_badge_uid_is_kept_only_as_its_hash()
    {
        using var specialist = await _server.SignedInClientAsync(AccountRole.Specialist);
        var page = await specialist.GetStringAsync(Url("/pupils/new"));
        var form = HtmlForm.Parse(page, "programme-form")
            .Set("Draft.DisplayName", "Ivy").Set("Draft.FullName", "Ivanna K.").Set("Draft.BadgeUid", NewUid)
            .Set("Draft.SupportLevel", "3").Set("Draft.WeeklySessionLimit", "3")
            .Set("Draft.Services[0].Title", "Sensory integration").Set("Draft.Services[0].StaffId", "staff-olena")
            .Set("Draft.Services[0].SessionsPerWeek", "2")
            .Set("Draft.Services[0].Slots[0].Day", "2").Set("Draft.Services[0].Slots[0].Start", "09:00")
            .Set("Draft.Services[0].Slots[1].Day", "4").Set("Draft.Services[0].Slots[1].Start", "09:00");
        Assert.Equal(DemoSeed.RoomId, form["Draft.Services[0].RoomId"]);
        Assert.Equal("2026-11-24", form["Draft.PeriodStart"]);
        using var content = form.Content();
        using var created = await specialist.PostAsync(Url("/pupils/new"), content);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var location = created.Headers.Location!.OriginalString;
        Assert.StartsWith("/programmes/ipr-", location, StringComparison.Ordinal);
        var shown = await specialist.GetStringAsync(Url(location));
        Assert.Contains("Ivanna K.", shown, StringComparison.Ordinal);
        Assert.Contains("The pupil and the programme were created.", shown, StringComparison.Ordinal);
        Assert.Contains("Tuesday 09:00–09:20; Thursday 09:00–09:20", shown, StringComparison.Ordinal);

        await using var scope = _server.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
        var pupil = await db.Pupils.Include(p => p.Schedule).SingleAsync(p => p.FullName == "Ivanna K.");
        var salt = (await db.Organisations.SingleAsync(o => o.Id == DemoSeed.OrganisationId)).BadgeSalt;
        Assert.Equal(BadgeHash.Compute(salt, NewUid), pupil.BadgeHash);
        Assert.Equal(2, pupil.Schedule.Count);
        Assert.Equal([AuditAction.Create, AuditAction.Create, AuditAction.Read], (await RecordEntriesAsync()).Select(e => e.Action));
        // The UID is never shown back, logged or audited.
        Assert.DoesNotContain(NewUid, shown, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(_server.Logs.Lines, l => l.Contains(NewUid, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(await db.AuditEntries.ToListAsync(), e => (e.Details ?? string.Empty).Contains(NewUid, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("en", "The period must end after it starts.", "A new pupil needs a badge: give its UID.")]
    [InlineData("uk", "Період має закінчуватися після початку.", "Новому учневі потрібна картка: вкажіть її UID.")]
    [InlineData("ru", "Период должен заканчиваться после начала.", "Новому ученику нужна карта: укажите её UID.")]
    public async Task A_refused_form_says_why_in_the_readers_language_keeps_what_was_typed_and_saves_nothing(string culture, string periodOrder, string badgeRequired)
    {
        using var specialist = await _server.SignedInClientAsync(AccountRole.Specialist);
        var form = HtmlForm.Parse(await specialist.GetStringAsync(Url($"/pupils/new?culture={culture}")), "programme-form")
            .Set("Draft.DisplayName", "Ivy").Set("Draft.FullName", "Ivanna K.")
            .Set("Draft.PeriodStart", "2026-11-24").Set("Draft.PeriodEnd", "2026-11-01");
        using var content = form.Content();
        using var refused = await specialist.PostAsync(Url($"/pupils/new?culture={culture}"), content);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains(periodOrder, html, StringComparison.Ordinal);
        Assert.Contains(badgeRequired, html, StringComparison.Ordinal);
        Assert.Contains("value=\"Ivanna K.\"", html, StringComparison.Ordinal);

        await using var scope = _server.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
        Assert.False(await db.Pupils.AnyAsync(p => p.FullName == "Ivanna K."));
        Assert.Empty(await RecordEntriesAsync());
    }

    [Fact]
    public async Task Editing_through_the_form_moves_the_timetable_and_a_form_read_before_someone_elses_save_is_refused_as_changed_by_someone_else()
    {
        using var first = await _server.SignedInClientAsync(AccountRole.Specialist);
        using var second = await _server.SignedInClientAsync(AccountRole.Administrator);
        var firstForm = HtmlForm.Parse(await first.GetStringAsync(Url($"/programmes/{HareProgramme}/edit")), "programme-form");
        var secondForm = HtmlForm.Parse(await second.GetStringAsync(Url($"/programmes/{HareProgramme}/edit?culture=uk")), "programme-form");
        Assert.Equal("5", firstForm["Draft.Services[0].Slots[0].Day"]);
        Assert.Equal("10:00", firstForm["Draft.Services[0].Slots[0].Start"]);

        firstForm.Set("Draft.Services[0].Slots[0].Remove", "true")
            .Set("Draft.Services[0].Slots[1].Day", "1").Set("Draft.Services[0].Slots[1].Start", "08:30")
            .Set("Draft.SupportLevel", "4").Set("Draft.WeeklySessionLimit", "6");
        using (var content = firstForm.Content())
        using (var saved = await first.PostAsync(Url($"/programmes/{HareProgramme}/edit"), content))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            Assert.Equal($"/programmes/{HareProgramme}?done=saved", saved.Headers.Location!.OriginalString);
        }

        secondForm.Set("Draft.Adaptations", "Visual schedule on the door.");
        using (var content = secondForm.Content())
        using (var conflict = await second.PostAsync(Url($"/programmes/{HareProgramme}/edit?culture=uk"), content))
        {
            Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
            var html = await conflict.Content.ReadAsStringAsync();
            Assert.Contains("Хтось інший змінив цю програму", html, StringComparison.Ordinal);
            Assert.Contains("id=\"reload\"", html, StringComparison.Ordinal);
        }

        await using var scope = _server.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
        var pupil = await db.Pupils.Include(p => p.Schedule).SingleAsync(p => p.Id == Hare);
        Assert.Equal(4, pupil.SupportLevel);
        Assert.Equal([(1, 8 * 60 + 30)], pupil.Schedule.Select(s => (s.IsoDayOfWeek, s.StartMinute)));
        var programme = await db.Programmes.SingleAsync(p => p.Id == HareProgramme);
        Assert.Null(programme.Adaptations);
        Assert.Equal([AuditAction.Update], (await RecordEntriesAsync()).Select(e => e.Action));
    }

    [Fact]
    public async Task An_edit_that_breaks_a_rule_shows_its_reason_in_the_readers_language()
    {
        using var specialist = await _server.SignedInClientAsync(AccountRole.Specialist);
        var form = HtmlForm.Parse(await specialist.GetStringAsync(Url($"/programmes/{HareProgramme}/edit?culture=ru")), "programme-form")
            .Set("Draft.Services[0].MinutesPerSession", "50")
            .Set("Draft.Services[0].Slots[1].Day", "5").Set("Draft.Services[0].Slots[1].Start", "10:10");
        using var content = form.Content();
        using var refused = await specialist.PostAsync(Url($"/programmes/{HareProgramme}/edit?culture=ru"), content);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Занятие 1: длительность от 20 до 25 минут (R-DUR).", html, StringComparison.Ordinal);
        Assert.Contains("Занятие 1, время 2 пересекается с другим временем ученика", html, StringComparison.Ordinal);
        Assert.Empty(await RecordEntriesAsync());
    }

    [Fact]
    public async Task The_review_form_records_a_review_and_a_review_in_the_future_is_refused()
    {
        using var specialist = await _server.SignedInClientAsync(AccountRole.Specialist);
        var token = ServerFactory.AntiforgeryToken(await specialist.GetStringAsync(Url($"/programmes/{HareProgramme}")));
        using (var future = await specialist.PostAsync(Url($"/programmes/{HareProgramme}?handler=Review"), Form(token, ("ReviewedOn", "2026-12-24"))))
        {
            Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
            Assert.Contains("A review must be within the programme&#x27;s period", await future.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var reviewed = await specialist.PostAsync(Url($"/programmes/{HareProgramme}?handler=Review"), Form(token, ("ReviewedOn", "2026-11-24"))))
        {
            Assert.Equal(HttpStatusCode.Redirect, reviewed.StatusCode);
        }

        var programme = await ProgrammeAsync(HareProgramme);
        Assert.Equal((new DateOnly(2026, 11, 24), new DateOnly(2027, 5, 24)), (programme.LastReviewedOn, programme.NextReviewOn));
        Assert.Single(await AuditAsync(AuditAction.Review));
    }

    [Fact]
    public async Task The_overdue_review_alert_lists_each_overdue_programme_with_its_days_on_the_list_and_the_first_page()
    {
        using var specialist = await _server.SignedInClientAsync(AccountRole.Specialist);
        Assert.DoesNotContain("id=\"overdue-reviews\"", await specialist.GetStringAsync(Url("/programmes")), StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"overdue-reviews\"", await specialist.GetStringAsync(Url("/")), StringComparison.Ordinal);

        // The demo's reviews are due on 2027-05-24: ten days later in Kyiv they are ten days overdue.
        _server.Time.SetUtcNow(new DateTimeOffset(2027, 6, 3, 9, 0, 0, TimeSpan.Zero));
        using var fresh = await _server.SignedInClientAsync(AccountRole.Auditor);
        var list = await fresh.GetStringAsync(Url("/programmes"));
        Assert.Contains("id=\"overdue-reviews\"", list, StringComparison.Ordinal);
        Assert.Contains("Reviews overdue: 11", list, StringComparison.Ordinal);
        Assert.Contains($"data-programme-id=\"{HareProgramme}\"", list, StringComparison.Ordinal);
        Assert.Contains("review overdue by 10 days", list, StringComparison.Ordinal);
        var first = await fresh.GetStringAsync(Url("/?culture=uk"));
        Assert.Contains("id=\"overdue-reviews\"", first, StringComparison.Ordinal);
        Assert.Contains("перегляд прострочено на 10 дн.", first, StringComparison.Ordinal);
    }

    private static Uri Url(string path) => new(path, UriKind.Relative);

    private static FormUrlEncodedContent Form(string token, params (string Name, string Value)[] fields) =>
        new([new("__RequestVerificationToken", token), .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]);

    private async Task<Programme> ProgrammeAsync(string id)
    {
        await using var scope = _server.SystemScope();
        return await scope.ServiceProvider.GetRequiredService<ServerDbContext>().Programmes.AsNoTracking().SingleAsync(p => p.Id == id);
    }

    private async Task<List<AuditEntry>> AuditAsync(AuditAction action)
    {
        await using var scope = _server.SystemScope();
        return await scope.ServiceProvider.GetRequiredService<ServerDbContext>().AuditEntries.Where(e => e.Action == action)
            .OrderBy(e => e.Sequence).ToListAsync();
    }

    /// <summary>The entries about pupils and programmes (not the sign-ins of the test's clients).</summary>
    private async Task<List<AuditEntry>> RecordEntriesAsync()
    {
        await using var scope = _server.SystemScope();
        return await scope.ServiceProvider.GetRequiredService<ServerDbContext>().AuditEntries
            .Where(e => e.SubjectKind == AuditSubject.Programme || e.SubjectKind == AuditSubject.Pupil).OrderBy(e => e.Sequence).ToListAsync();
    }

    private async Task ArrangeSchoolBAsync()
    {
        await using var scope = _server.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
        db.Organisations.Add(new Organisation { Id = "org-pages-b", Name = "School B", NetworkId = DemoSeed.NetworkId, TimeZone = "Europe/Kyiv", BadgeSalt = new byte[32] });
        var pupil = new Pupil { Id = "p-pages-b", OrganisationId = "org-pages-b", DisplayName = "Badger", FullName = "Pupil B.", SupportLevel = 2, BadgeHash = new byte[32] };
        pupil.Programmes.Add(new Programme
        {
            Id = SchoolBProgramme, OrganisationId = "org-pages-b", PupilId = pupil.Id, PeriodStart = new DateOnly(2026, 9, 1),
            PeriodEnd = new DateOnly(2027, 8, 31), NextReviewOn = new DateOnly(2027, 3, 1),
        });
        db.Pupils.Add(pupil);
        await db.SaveChangesAsync();
    }
}
