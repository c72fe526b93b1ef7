using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Inclusion.Iot.Server.Api.Demo;
using Inclusion.Iot.Server.Api.Pages;
using Inclusion.Iot.Server.Api.Security;
using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Audit;
using Inclusion.Iot.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Inclusion.Iot.Server.Tests.Security;

/// <summary>
/// The admin pages on the real host, signed in through the form and posting forms with their antiforgery token as a
/// browser does: <c>/edges</c>, <c>/accounts</c> (with the security stamp ending old sessions) and <c>/audit</c>, and
/// the menu per role. A school B with its own room, edge and administrator stands for "another organisation".
/// Run on SQLite and PostgreSQL.
/// </summary>
public abstract partial class AdminPagesTests : IAsyncLifetime
{
    private const string SchoolB = "org-school-b";
    private const string RoomB = "room-b";
    private const string EdgeB = "edge-b";
    private const string AdminB = "b-admin";
    private const string AdminBPassword = "b-admin-password-for-tests";

    private ServerFactory _server = null!;
    private int _adminBId;

    protected abstract Task<StorageOptions?> StorageAsync();

    public async Task InitializeAsync()
    {
        _server = new ServerFactory(await StorageAsync());
        _server.Logs.ExpectError("__EFMigrationsHistory");
        await using var scope = _server.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
        db.Organisations.Add(new Organisation { Id = SchoolB, Name = "School B", NetworkId = DemoSeed.NetworkId, TimeZone = "Europe/Kyiv", BadgeSalt = new byte[32] });
        db.Rooms.Add(new Room { Id = RoomB, OrganisationId = SchoolB, Name = "Room B", Kind = RoomKind.Sensory, Capacity = 4 });
        db.Edges.Add(new Data.Edge { Id = EdgeB, RoomId = RoomB });
        var admin = new Account { UserName = AdminB, DisplayName = "Admin B", Role = AccountRole.Administrator, OrganisationId = SchoolB };
        admin.PasswordHash = scope.ServiceProvider.GetRequiredService<IPasswordHasher<Account>>().HashPassword(admin, AdminBPassword);
        db.Accounts.Add(admin);
        await db.SaveChangesAsync();
        _adminBId = admin.Id;
    }

    public Task DisposeAsync()
    {
        _server.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_administrator_adds_an_edge_whose_one_time_code_enrols_gives_it_a_new_code_and_revokes_it_after_confirming_all_audited()
    {
        using var admin = await _server.SignedInClientAsync(AccountRole.Administrator);
        var page = await admin.GetStringAsync(new Uri("/edges", UriKind.Relative));
        Assert.Contains($"data-room-id=\"{DemoSeed.RoomId}\"", page, StringComparison.Ordinal);
        Assert.Contains($"data-edge-id=\"{DemoSeed.EdgeId}\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain(RoomB, page, StringComparison.Ordinal);
        Assert.DoesNotContain(EdgeB, page, StringComparison.Ordinal);

        // Without the antiforgery token a form post is refused.
        using (var forged = await admin.PostAsync(new Uri("/edges?handler=Create", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["roomId"] = DemoSeed.RoomId })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        var (createdStatus, created) = await PostFormAsync(admin, "/edges", "Create", new() { ["roomId"] = DemoSeed.RoomId });
        Assert.Equal(HttpStatusCode.OK, createdStatus);
        var edgeId = EdgeCodeOf(created).EdgeId;
        var code = EdgeCodeOf(created).Code;
        Assert.Contains("Server:Url=https://127.0.0.1:8082", created, StringComparison.Ordinal);
        Assert.Contains($"Server:EnrolmentCode={code}", created, StringComparison.Ordinal);
        Assert.Contains("/edges?handler=CaCertificate", created, StringComparison.Ordinal);
        // Shown once: the next visit does not show it.
        Assert.DoesNotContain(code, await admin.GetStringAsync(new Uri("/edges", UriKind.Relative)), StringComparison.Ordinal);

        var ca = await admin.GetStringAsync(new Uri("/edges?handler=CaCertificate", UriKind.Relative));
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", ca, StringComparison.Ordinal);

        // A new code replaces the first; the edge enrols with the new one only.
        var (reissuedStatus, reissued) = await PostFormAsync(admin, "/edges", "Code", new() { ["edgeId"] = edgeId });
        Assert.Equal(HttpStatusCode.OK, reissuedStatus);
        var second = EdgeCodeOf(reissued).Code;
        Assert.NotEqual(code, second);
        await using (var scope = _server.SystemScope())
        {
            var enrolment = scope.ServiceProvider.GetRequiredService<EdgeEnrolment>();
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            await Assert.ThrowsAsync<EnrolmentException>(() => enrolment.EnrolAsync(edgeId, code, EdgeCertificates.SigningRequest(key)));
            Assert.NotEmpty((await enrolment.EnrolAsync(edgeId, second, EdgeCertificates.SigningRequest(key))).CertificateDer);
        }

        Assert.Contains("<td class=\"state\">enrolled</td>", RowOf(await admin.GetStringAsync(new Uri("/edges?culture=en", UriKind.Relative)), "data-edge-id", edgeId), StringComparison.Ordinal);

        // Revoking asks first (a page with the confirming form), then revokes.
        var confirm = await admin.GetStringAsync(new Uri($"/edges?revoke={edgeId}", UriKind.Relative));
        Assert.Contains("id=\"confirm-revoke\"", confirm, StringComparison.Ordinal);
        var (revokedStatus, revoked) = await PostFormAsync(admin, $"/edges?revoke={edgeId}", "Revoke", new() { ["edgeId"] = edgeId }, postPath: "/edges");
        Assert.Equal(HttpStatusCode.OK, revokedStatus);
        Assert.Contains("id=\"edges-message\"", revoked, StringComparison.Ordinal);
        Assert.Contains("revoked", RowOf(revoked, "data-edge-id", edgeId), StringComparison.Ordinal);

        var audited = await AuditAsync(e => e.SubjectKind == "edge" && e.SubjectId == edgeId);
        Assert.Equal([AuditAction.Create, AuditAction.Update, AuditAction.Update], audited.Select(e => e.Action));
        Assert.All(audited, e => Assert.Equal(DemoSeed.OrganisationId, e.OrganisationId));
        Assert.All(audited, e => Assert.Equal(nameof(AccountRole.Administrator), e.ActorRole));
        Assert.DoesNotContain(audited, e => (e.Details ?? string.Empty).Contains(second, StringComparison.Ordinal));
        _server.Logs.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Another_schools_room_and_edge_are_not_found_on_the_edges_page_in_the_users_language()
    {
        using var admin = await _server.SignedInClientAsync(AccountRole.Administrator);
        var (create, createHtml) = await PostFormAsync(admin, "/edges?culture=uk", "Create", new() { ["roomId"] = RoomB });
        Assert.Equal(HttpStatusCode.NotFound, create);
        Assert.Contains("У вашій організації немає кімнати", createHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await PostFormAsync(admin, "/edges", "Code", new() { ["edgeId"] = EdgeB })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PostFormAsync(admin, "/edges", "Revoke", new() { ["edgeId"] = EdgeB })).Status);
        using var confirm = await admin.GetAsync(new Uri($"/edges?revoke={EdgeB}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, confirm.StatusCode);
        Assert.Contains("id=\"edges-error\"", await confirm.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await AuditAsync(e => e.SubjectKind == "edge"));
        await using var scope = _server.SystemScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<ServerDbContext>().EdgeCredentials.AsNoTracking().SingleOrDefaultAsync(c => c.EdgeId == EdgeB));
    }

    [Theory]
    [InlineData(AccountRole.Specialist)]
    [InlineData(AccountRole.Auditor)]
    [InlineData(AccountRole.NetworkCoordinator)]
    public async Task Only_an_administrator_may_post_the_edge_and_account_forms(AccountRole role)
    {
        using var client = await _server.SignedInClientAsync(role);
        // A valid token from a page this user may open: the refusal is the policy's, not the antiforgery check's.
        var token = ServerFactory.AntiforgeryToken(await client.GetStringAsync(new Uri(role == AccountRole.NetworkCoordinator ? "/network" : "/", UriKind.Relative)));
        foreach (var (path, fields) in new (string, Dictionary<string, string>)[]
        {
            ("/edges?handler=Create", new() { ["roomId"] = DemoSeed.RoomId }),
            ("/edges?handler=Revoke", new() { ["edgeId"] = DemoSeed.EdgeId }),
            ("/accounts?handler=Create", new() { ["UserName"] = "sneaky", ["Role"] = nameof(AccountRole.Administrator) }),
            ("/accounts?handler=Reset", new() { ["accountId"] = "1" }),
        })
        {
            fields["__RequestVerificationToken"] = token;
            using var response = await client.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent(fields));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        Assert.Empty(await AuditAsync(e => e.SubjectKind == "edge" || (e.SubjectKind == AuditSubject.Account && e.Action != AuditAction.SignIn)));
        await using var scope = _server.SystemScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<ServerDbContext>().Accounts.AnyAsync(a => a.UserName == "sneaky"));
    }

    [Fact]
    public async Task An_administrator_creates_an_account_whose_password_signs_in_and_resets_it_which_ends_its_cookie_and_token_and_refuses_the_old_password()
    {
        using var admin = await _server.SignedInClientAsync(AccountRole.Administrator);
        var list = await admin.GetStringAsync(new Uri("/accounts", UriKind.Relative));
        Assert.Contains("data-user-name=\"demo-specialist\"", list, StringComparison.Ordinal);
        Assert.DoesNotContain(AdminB, list, StringComparison.Ordinal);
        Assert.DoesNotContain("demo-coordinator", list, StringComparison.Ordinal);

        var (status, created) = await PostFormAsync(admin, "/accounts", "Create", new()
        {
            ["UserName"] = "new-specialist", ["DisplayName"] = "New Specialist", ["Role"] = nameof(AccountRole.Specialist),
        });
        Assert.Equal(HttpStatusCode.OK, status);
        var password = PasswordOf(created, "new-specialist");
        Assert.True(password.Length >= 20);
        Assert.DoesNotContain(password, await admin.GetStringAsync(new Uri("/accounts", UriKind.Relative)), StringComparison.Ordinal);

        using var cookie = _server.AnonymousClient();
        Assert.Equal(HttpStatusCode.Redirect, (await ServerFactory.SubmitSignInAsync(cookie, "new-specialist", password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await cookie.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
        using var token = await _server.TokenClientAsync("new-specialist", password);
        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync(new Uri("/api/sessions", UriKind.Relative))).StatusCode);
        Assert.NotEqual(string.Empty, RowOf(await admin.GetStringAsync(new Uri("/accounts", UriKind.Relative)), "data-user-name", "new-specialist"));

        var id = await AccountIdAsync("new-specialist");
        var (resetStatus, reset) = await PostFormAsync(admin, "/accounts", "Reset", new() { ["accountId"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.OK, resetStatus);
        var newPassword = PasswordOf(reset, "new-specialist");
        Assert.NotEqual(password, newPassword);

        // The old sessions end at their next request; the old password is refused, the new one works.
        using (var ended = await cookie.GetAsync(new Uri("/", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
            var location = ended.Headers.Location!;
            Assert.StartsWith("/account/sign-in", location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await token.GetAsync(new Uri("/api/sessions", UriKind.Relative))).StatusCode);
        using (var old = _server.AnonymousClient())
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await ServerFactory.SubmitSignInAsync(old, "new-specialist", password)).StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, (await ServerFactory.SubmitSignInAsync(old, "new-specialist", newPassword)).StatusCode);
        }

        var audited = await AuditAsync(e => e.SubjectKind == AuditSubject.Account && e.SubjectId == id.ToString(System.Globalization.CultureInfo.InvariantCulture)
            && (e.Action == AuditAction.Create || e.Action == AuditAction.Update));
        Assert.Equal([(AuditAction.Create, "created as Specialist"), (AuditAction.Update, "password reset, lockout lifted")], audited.Select(e => (e.Action, e.Details)));
        Assert.All(audited, e => Assert.Equal(DemoSeed.OrganisationId, e.OrganisationId));
        var everything = await AuditAsync(_ => true);
        Assert.DoesNotContain(everything, e => (e.Details ?? string.Empty).Contains(password, StringComparison.Ordinal) || (e.Details ?? string.Empty).Contains(newPassword, StringComparison.Ordinal));
        Assert.DoesNotContain(_server.Logs.Lines, l => l.Contains(password, StringComparison.Ordinal) || l.Contains(newPassword, StringComparison.Ordinal));
        _server.Logs.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task A_disabled_account_cannot_sign_in_and_its_sessions_end_a_new_role_ends_them_too_and_enabling_lets_it_in_again()
    {
        using var admin = await _server.SignedInClientAsync(AccountRole.Administrator);
        var specialist = _server.Account(AccountRole.Specialist);
        var id = (await AccountIdAsync(specialist.UserName)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var cookie = await _server.SignedInClientAsync(AccountRole.Specialist);
        using var token = await _server.TokenClientAsync(AccountRole.Specialist);

        var (status, disabled) = await PostFormAsync(admin, "/accounts", "Disable", new() { ["accountId"] = id });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("disabled", RowOf(disabled, "data-user-name", specialist.UserName), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await cookie.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await token.GetAsync(new Uri("/api/sessions", UriKind.Relative))).StatusCode);
        using (var again = _server.AnonymousClient())
        {
            using var refused = await ServerFactory.SubmitSignInAsync(again, specialist.UserName, specialist.Password, "ru");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Contains("Эта учётная запись отключена", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            // A wrong password says only that: disabling is not told to a guesser.
            using var guessed = await ServerFactory.SubmitSignInAsync(again, specialist.UserName, "not-it");
            Assert.DoesNotContain("disabled", await guessed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await PostFormAsync(admin, "/accounts", "Enable", new() { ["accountId"] = id })).Status);
        using var back = await _server.SignedInClientAsync(AccountRole.Specialist);
        Assert.Equal(HttpStatusCode.OK, (await back.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);

        // A new role: the old session had the old role's claims, and ends.
        var (roleStatus, _) = await PostFormAsync(admin, "/accounts", "Role", new() { ["accountId"] = id, ["newRole"] = nameof(AccountRole.Auditor) });
        Assert.Equal(HttpStatusCode.OK, roleStatus);
        Assert.Equal(HttpStatusCode.Redirect, (await back.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
        using var auditor = _server.AnonymousClient();
        Assert.Equal(HttpStatusCode.Redirect, (await ServerFactory.SubmitSignInAsync(auditor, specialist.UserName, specialist.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync(new Uri("/audit", UriKind.Relative))).StatusCode);

        var notes = await AuditAsync(e => e.SubjectKind == AuditSubject.Account && e.SubjectId == id && e.Action == AuditAction.Update);
        Assert.Equal(["disabled", "enabled", "role Specialist -> Auditor"], notes.Select(e => e.Details));
        Assert.Contains(await AuditAsync(e => e.SubjectId == id && e.Action == AuditAction.SignInFailed), e => e.Details == "password Disabled");
    }

    [Fact]
    public async Task The_account_form_refuses_a_coordinator_a_taken_name_another_schools_account_and_leaving_no_administrator_with_a_clear_message()
    {
        using var admin = await _server.SignedInClientAsync(AccountRole.Administrator);
        var (coordinator, coordinatorHtml) = await PostFormAsync(admin, "/accounts", "Create", new() { ["UserName"] = "net-person", ["Role"] = nameof(AccountRole.NetworkCoordinator) });
        Assert.Equal(HttpStatusCode.BadRequest, coordinator);
        Assert.Contains("id=\"accounts-error\"", coordinatorHtml, StringComparison.Ordinal);
        var (taken, takenHtml) = await PostFormAsync(admin, "/accounts?culture=uk", "Create", new() { ["UserName"] = AdminB, ["Role"] = nameof(AccountRole.Auditor) });
        Assert.Equal(HttpStatusCode.BadRequest, taken);
        Assert.Contains("вже зайняті", takenHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostFormAsync(admin, "/accounts", "Create", new() { ["UserName"] = "two words", ["Role"] = nameof(AccountRole.Auditor) })).Status);

        var other = _adminBId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var handler in new[] { "Reset", "Disable", "Enable" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await PostFormAsync(admin, "/accounts", handler, new() { ["accountId"] = other })).Status);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await PostFormAsync(admin, "/accounts", "Role", new() { ["accountId"] = other, ["newRole"] = nameof(AccountRole.Auditor) })).Status);

        // The demo school's only administrator can neither disable nor demote themselves.
        var self = (await AccountIdAsync(_server.Account(AccountRole.Administrator).UserName)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (disable, disableHtml) = await PostFormAsync(admin, "/accounts", "Disable", new() { ["accountId"] = self });
        Assert.Equal(HttpStatusCode.Conflict, disable);
        Assert.Contains("last enabled administrator", disableHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await PostFormAsync(admin, "/accounts", "Role", new() { ["accountId"] = self, ["newRole"] = nameof(AccountRole.Specialist) })).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(new Uri("/accounts", UriKind.Relative))).StatusCode);

        // With a second administrator, the first may step down.
        var (second, secondHtml) = await PostFormAsync(admin, "/accounts", "Create", new() { ["UserName"] = "second-admin", ["Role"] = nameof(AccountRole.Administrator) });
        Assert.Equal(HttpStatusCode.OK, second);
        _ = PasswordOf(secondHtml, "second-admin");
        Assert.Equal(HttpStatusCode.OK, (await PostFormAsync(admin, "/accounts", "Role", new() { ["accountId"] = self, ["newRole"] = nameof(AccountRole.Specialist) })).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.GetAsync(new Uri("/accounts", UriKind.Relative))).StatusCode);

        await using var scope = _server.SystemScope();
        var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
        Assert.False(await db.Accounts.AnyAsync(a => a.UserName == "net-person" || a.UserName == "two words"));
        Assert.Null((await db.Accounts.AsNoTracking().SingleAsync(a => a.Id == _adminBId)).DisabledAt);
        Assert.Equal(AccountRole.Administrator, (await db.Accounts.AsNoTracking().SingleAsync(a => a.UserName == "second-admin")).Role);
    }

    [Fact]
    public async Task The_audit_page_shows_the_callers_organisation_filters_pages_links_the_same_csv_and_verifies_the_chain()
    {
        await using (var scope = _server.SystemScope())
        {
            var log = scope.ServiceProvider.GetRequiredService<AuditLog>();
            var a = new AuditActor("7", nameof(AccountRole.Specialist), DemoSeed.OrganisationId, "10.0.0.7");
            for (var i = 1; i <= AuditModel.PageSize + 5; i++)
            {
                await log.AppendAsync(a, AuditAction.Read, AuditSubject.Programme, $"ipr-a-{i}", null, default);
            }

            await log.AppendAsync(a, AuditAction.Review, AuditSubject.Programme, "ipr-a-1", "reviewed", default);
            await log.AppendAsync(new AuditActor("9", nameof(AccountRole.Administrator), SchoolB, "10.0.0.9"), AuditAction.Review, AuditSubject.Programme, "ipr-b-1", null, default);
        }

        using var auditor = await _server.SignedInClientAsync(AccountRole.Auditor);
        var all = await auditor.GetStringAsync(new Uri("/audit", UriKind.Relative));
        Assert.Contains("id=\"audit-entries\"", all, StringComparison.Ordinal);
        Assert.DoesNotContain("ipr-b-1", all, StringComparison.Ordinal);
        var next = NextLink().Match(all);
        Assert.True(next.Success);

        var reviews = await auditor.GetStringAsync(new Uri("/audit?action=Review&subjectKind=programme", UriKind.Relative));
        Assert.Equal(["ipr-a-1"], SubjectIds(reviews));
        Assert.Contains("href=\"/api/audit.csv?action=Review&amp;subjectKind=programme\"", reviews, StringComparison.Ordinal);
        Assert.Equal(["ipr-a-1"], SubjectIds(await auditor.GetStringAsync(new Uri("/audit?subjectId=ipr-a-1&action=read", UriKind.Relative))));
        Assert.Empty(SubjectIds(await auditor.GetStringAsync(new Uri("/audit?subjectId=ipr-b-1", UriKind.Relative))));

        // Times are typed in the school's zone (Kyiv, UTC+2 in November): the entries are at 09:30 UTC, 11:30 there.
        Assert.Empty(SubjectIds(await auditor.GetStringAsync(new Uri("/audit?subjectKind=programme&from=2026-11-24T11:31", UriKind.Relative))));
        Assert.Empty(SubjectIds(await auditor.GetStringAsync(new Uri("/audit?subjectKind=programme&to=2026-11-24T11:30", UriKind.Relative))));
        var window = await auditor.GetStringAsync(new Uri("/audit?action=Review&from=2026-11-24T11:30&to=2026-11-24T11:31", UriKind.Relative));
        Assert.Equal(["ipr-a-1"], SubjectIds(window));
        var csvLink = Uri.UnescapeDataString(WebUtility.HtmlDecode(CsvLink().Match(window).Groups[1].Value));
        Assert.Equal("/api/audit.csv?action=Review&from=2026-11-24T09:30:00.0000000Z&to=2026-11-24T09:31:00.0000000Z", csvLink);

        // Pages: newest first, the next page continues after the last shown.
        var first = SubjectIds(await auditor.GetStringAsync(new Uri("/audit?action=Read", UriKind.Relative)));
        Assert.Equal(AuditModel.PageSize, first.Count);
        Assert.Equal($"ipr-a-{AuditModel.PageSize + 5}", first[0]);
        var firstPage = await auditor.GetStringAsync(new Uri("/audit?action=Read", UriKind.Relative));
        var rest = SubjectIds(await auditor.GetStringAsync(new Uri(WebUtility.HtmlDecode(NextLink().Match(firstPage).Groups[1].Value), UriKind.Relative)));
        Assert.Equal(["ipr-a-5", "ipr-a-4", "ipr-a-3", "ipr-a-2", "ipr-a-1"], rest);

        using (var bad = await auditor.GetAsync(new Uri("/audit?action=Launch&culture=ru", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("недопустимое значение", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await auditor.GetAsync(new Uri("/audit?from=yesterday", UriKind.Relative))).StatusCode);
        Assert.Contains("data-intact=\"true\"", await auditor.GetStringAsync(new Uri("/audit?verify=true", UriKind.Relative)), StringComparison.Ordinal);

        // The CSV link exports what the page showed.
        using var csv = await auditor.GetAsync(new Uri("/api/audit.csv?action=Review&subjectKind=programme", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
    }

    [Fact]
    public async Task The_audit_page_shows_a_broken_chain()
    {
        await using (var scope = _server.SystemScope())
        {
            var log = scope.ServiceProvider.GetRequiredService<AuditLog>();
            await log.AppendAsync(new AuditActor("7", nameof(AccountRole.Specialist), DemoSeed.OrganisationId, "10.0.0.7"), AuditAction.Read, AuditSubject.Programme, "ipr-a-1", "first", default);
            var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
            await db.Database.ExecuteSqlAsync($"UPDATE audit_entries SET details = 'edited' WHERE subject_id = 'ipr-a-1'");
        }

        using var admin = await _server.SignedInClientAsync(AccountRole.Administrator);
        Assert.Contains("data-intact=\"false\"", await admin.GetStringAsync(new Uri("/audit?verify=true", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_menu_shows_each_page_only_to_the_roles_its_policy_admits()
    {
        foreach (var role in Enum.GetValues<AccountRole>())
        {
            using var client = await _server.SignedInClientAsync(role);
            var html = await client.GetStringAsync(new Uri(role == AccountRole.NetworkCoordinator ? "/network" : "/", UriKind.Relative));
            var menu = SiteMenu().Match(html);
            Assert.True(menu.Success, $"{role}: no menu");
            var shown = MenuLink().Matches(menu.Value).Select(m => m.Groups[1].Value).ToList();
            var expected = AdminNavigation.Items.Where(i => AccessPolicies.Roles[i.Policy].Contains(role)).Select(i => i.Path).ToList();
            Assert.Equal(expected, shown);
            foreach (var path in shown)
            {
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri(path, UriKind.Relative))).StatusCode);
            }
        }
    }

    /// <summary>Opens <paramref name="pagePath"/>, takes its antiforgery token and posts the handler's form, as a browser does.</summary>
    private static async Task<(HttpStatusCode Status, string Html)> PostFormAsync(HttpClient client, string pagePath, string handler,
        Dictionary<string, string> fields, string? postPath = null)
    {
        var form = await client.GetStringAsync(new Uri(pagePath, UriKind.Relative));
        fields["__RequestVerificationToken"] = ServerFactory.AntiforgeryToken(form);
        var target = postPath ?? pagePath;
        var separator = target.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        using var response = await client.PostAsync(new Uri($"{target}{separator}handler={handler}", UriKind.Relative), new FormUrlEncodedContent(fields));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static (string EdgeId, string Code) EdgeCodeOf(string html)
    {
        var match = EdgeCode().Match(html);
        Assert.True(match.Success, "no enrolment code shown");
        return (match.Groups[1].Value, match.Groups[2].Value);
    }

    private static string PasswordOf(string html, string userName)
    {
        var match = IssuedPasswordField().Match(html);
        Assert.True(match.Success, "no password shown");
        Assert.Equal(userName, match.Groups[1].Value);
        return WebUtility.HtmlDecode(match.Groups[2].Value);
    }

    /// <summary>The table row carrying <paramref name="attribute"/>=<paramref name="value"/>.</summary>
    private static string RowOf(string html, string attribute, string value)
    {
        var start = html.IndexOf($"<tr {attribute}=\"{value}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no row {value}");
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    private static List<string> SubjectIds(string html) => [.. SubjectIdCell().Matches(html).Select(m => m.Groups[1].Value)];

    private async Task<int> AccountIdAsync(string userName)
    {
        await using var scope = _server.SystemScope();
        return await scope.ServiceProvider.GetRequiredService<ServerDbContext>().Accounts.Where(a => a.UserName == userName).Select(a => a.Id).SingleAsync();
    }

    private async Task<List<AuditEntry>> AuditAsync(System.Linq.Expressions.Expression<Func<AuditEntry, bool>> where)
    {
        await using var scope = _server.SystemScope();
        return await scope.ServiceProvider.GetRequiredService<ServerDbContext>().AuditEntries.AsNoTracking().Where(where).OrderBy(e => e.Sequence).ToListAsync();
    }

    [GeneratedRegex("id=\"edge-code\" data-edge-id=\"([^\"]+)\"[\\s\\S]*?class=\"enrolment-code\">([^<]+)<")]
    private static partial Regex EdgeCode();

    [GeneratedRegex("id=\"issued-password\" data-user-name=\"([^\"]+)\"[\\s\\S]*?class=\"password\">([^<]+)<")]
    private static partial Regex IssuedPasswordField();

    [GeneratedRegex("<td class=\"subject-id\">([^<]*)</td>")]
    private static partial Regex SubjectIdCell();

    [GeneratedRegex("href=\"([^\"]+)\" id=\"audit-next\"")]
    private static partial Regex NextLink();

    [GeneratedRegex("href=\"([^\"]+)\" id=\"audit-csv\"")]
    private static partial Regex CsvLink();

    [GeneratedRegex("<nav class=\"site\"[\\s\\S]*?</nav>")]
    private static partial Regex SiteMenu();

    [GeneratedRegex("<a href=\"([^\"]+)\"")]
    private static partial Regex MenuLink();
}

public sealed class SqliteAdminPagesTests : AdminPagesTests
{
    protected override Task<StorageOptions?> StorageAsync() => Task.FromResult<StorageOptions?>(null);
}

[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlAdminPagesTests(PostgresFixture postgres) : AdminPagesTests
{
    protected override async Task<StorageOptions?> StorageAsync() =>
        new StorageOptions { Provider = "PostgreSql", ConnectionString = await postgres.CreateDatabaseAsync() };
}
