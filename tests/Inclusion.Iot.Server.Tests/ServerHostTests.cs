using System.Net;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Server.Api.Badges;
using Inclusion.Iot.Server.Api.Demo;
using Inclusion.Iot.Server.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Inclusion.Iot.Server.Tests;

/// <summary>The server as an edge and an administrator see it: gRPC, JSON API, admin page and /health, over HTTP.</summary>
public sealed class ServerHostTests : IDisposable
{
    private static readonly string[] FullNames =
        ["Taras K.", "Marta L.", "Denys O.", "Sofia H.", "Bohdan V.", "Iryna M.", "Oksana D.", "Andrii Z.", "Yulia R.", "Maksym B.", "Daryna S.", "Petro N."];
    private readonly ServerFactory _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Health_is_200_when_the_database_answers()
    {
        using var client = _server.CreateClient();
        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_edge_pulls_its_configuration_and_uploads_events_over_grpc_and_a_replay_is_harmless()
    {
        using var channel = await _server.EdgeChannelAsync();
        var gateway = new EdgeGateway.EdgeGatewayClient(channel);

        var configuration = await gateway.GetConfigurationAsync(new GetConfigurationRequest { EdgeId = DemoSeed.EdgeId, SoftwareVersion = "0.1.0" });
        Assert.False(configuration.Unchanged);
        Assert.Equal(0, configuration.AcknowledgedSequence);
        Assert.Equal(1, configuration.Snapshot.Version);
        Assert.Equal(12, configuration.Snapshot.Pupils.Count);
        var salt = configuration.Snapshot.BadgeSalt.ToByteArray();
        Assert.Equal(BadgeHash.Compute(salt, "04A1B2C3"), configuration.Snapshot.Staff.Single(s => s.StaffId == "staff-olena").BadgeHash.ToByteArray());
        foreach (var fullName in FullNames)
        {
            Assert.DoesNotContain(fullName, configuration.Snapshot.ToString(), StringComparison.Ordinal);
        }

        var again = await gateway.GetConfigurationAsync(new GetConfigurationRequest { EdgeId = DemoSeed.EdgeId, KnownVersion = 1 });
        Assert.True(again.Unchanged);
        Assert.Null(again.Snapshot);

        var upload = new UploadEventsRequest { EdgeId = DemoSeed.EdgeId, Events = { Events.Started(1, "s-fox"), Events.Occupancy(2, true), Events.Ended(3, "s-fox") } };
        Assert.Equal(3, (await gateway.UploadEventsAsync(upload)).AcknowledgedSequence);
        Assert.Equal(3, (await gateway.UploadEventsAsync(upload)).AcknowledgedSequence);

        var afterUpload = await gateway.GetConfigurationAsync(new GetConfigurationRequest { EdgeId = DemoSeed.EdgeId, KnownVersion = 1 });
        Assert.Equal(3, afterUpload.AcknowledgedSequence);

        var sessions = await SessionsAsync("/api/sessions");
        var session = Assert.Single(sessions.EnumerateArray());
        Assert.Equal("s-fox", session.GetProperty("sessionId").GetString());
    }

    [Fact]
    public async Task The_snapshot_counts_each_pupils_correctional_sessions_this_week_in_the_organisations_other_rooms()
    {
        await using (var scope = _server.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
            db.Rooms.Add(new Data.Room { Id = "room-resource-2", OrganisationId = DemoSeed.OrganisationId, Name = "Resource room", Kind = Data.RoomKind.Resource, Capacity = 8 });
            await db.SaveChangesAsync();
            var thisWeek = Inclusion.Iot.Server.Records.Configuration.OrganisationCalendar.WeekStart(_server.Time.GetUtcNow(), "Europe/Kyiv").UtcDateTime;
            Assert.Equal(new DateTime(2026, 11, 22, 22, 0, 0, DateTimeKind.Utc), thisWeek);
            void Add(string id, string room, DateTime started, Data.SessionKind kind, Data.SessionEndReason? end, params string[] pupils)
            {
                var session = new Session { Id = id, EdgeId = DemoSeed.EdgeId, RoomId = room, Kind = kind, StartedAt = started, EndReason = end };
                foreach (var pupil in pupils) session.Pupils.Add(new Data.SessionPupil { SessionId = id, PupilId = pupil });
                db.Sessions.Add(session);
            }

            Add("s-1", "room-resource-2", thisWeek.AddMinutes(1), Data.SessionKind.Individual, Data.SessionEndReason.EndedOnPanel, "p-3f9a1c");
            Add("s-2", "room-resource-2", thisWeek.AddMinutes(60), Data.SessionKind.Group, null, "p-3f9a1c", "p-c81f05");
            Add("s-3", "room-resource-2", thisWeek.AddMinutes(90), Data.SessionKind.Individual, Data.SessionEndReason.AbortedOnPanel, "p-3f9a1c");
            Add("s-4", "room-resource-2", thisWeek.AddMinutes(120), Data.SessionKind.Unloading, null, "p-3f9a1c");
            Add("s-5", "room-resource-2", thisWeek.AddMinutes(-1), Data.SessionKind.Individual, null, "p-3f9a1c");
            Add("s-6", DemoSeed.RoomId, thisWeek.AddMinutes(5), Data.SessionKind.Individual, null, "p-3f9a1c");
            await db.SaveChangesAsync();
        }

        using var channel = await _server.EdgeChannelAsync();
        var pull = await new EdgeGateway.EdgeGatewayClient(channel).GetConfigurationAsync(new GetConfigurationRequest { EdgeId = DemoSeed.EdgeId });
        // Fox: s-1 and s-2 (not the abort, the unloading, last week's, or this room's own, which the edge counts itself).
        Assert.Equal(2, pull.Snapshot.Pupils.Single(p => p.PupilId == "p-3f9a1c").SessionsThisWeekElsewhere);
        Assert.Equal(1, pull.Snapshot.Pupils.Single(p => p.PupilId == "p-c81f05").SessionsThisWeekElsewhere);
        Assert.Equal(0, pull.Snapshot.Pupils.Single(p => p.PupilId == "p-7b2e4d").SessionsThisWeekElsewhere);
    }

    [Fact]
    public async Task R_WEEK_an_unchanged_configuration_answer_carries_current_week_counts_after_a_session_in_another_room()
    {
        using var channel = await _server.EdgeChannelAsync();
        var gateway = new EdgeGateway.EdgeGatewayClient(channel);
        await using (var scope = _server.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
            db.Rooms.Add(new Data.Room { Id = "room-resource-2", OrganisationId = DemoSeed.OrganisationId, Name = "Resource room", Kind = Data.RoomKind.Resource, Capacity = 8 });
            db.Edges.Add(new Data.Edge { Id = "edge-resource-2", RoomId = "room-resource-2" });
            await db.SaveChangesAsync();
        }

        var first = await gateway.GetConfigurationAsync(new GetConfigurationRequest { EdgeId = DemoSeed.EdgeId });
        Assert.Empty(first.WeekCounts.SessionsElsewhere);
        Assert.Equal(_server.Time.GetUtcNow(), first.WeekCounts.CountedAt.ToDateTimeOffset());
        var version = first.Snapshot.Version;

        // Fox has a session in the other room; Bee one there that was aborted (not counted).
        var other = new UploadEventsRequest
        {
            EdgeId = "edge-resource-2",
            Events = { Events.Started(1, "s-elsewhere"), Events.Ended(2, "s-elsewhere"), Events.Started(3, "s-aborted", "p-c81f05"), Events.Ended(4, "s-aborted", Contracts.Edge.V1.SessionEndReason.AbortedOnPanel) },
        };
        using var otherChannel = await _server.EdgeChannelAsync("edge-resource-2");
        var otherGateway = new EdgeGateway.EdgeGatewayClient(otherChannel);
        Assert.Equal(4, (await otherGateway.UploadEventsAsync(other)).AcknowledgedSequence);

        _server.Time.Advance(TimeSpan.FromMinutes(3));

        var unchanged = await gateway.GetConfigurationAsync(new GetConfigurationRequest { EdgeId = DemoSeed.EdgeId, KnownVersion = version });
        Assert.True(unchanged.Unchanged);
        Assert.Null(unchanged.Snapshot);
        Assert.Equal(_server.Time.GetUtcNow(), unchanged.WeekCounts.CountedAt.ToDateTimeOffset());
        Assert.Equal(new Dictionary<string, int> { ["p-3f9a1c"] = 1 }, unchanged.WeekCounts.SessionsElsewhere);

        // The other room's edge does not count its own room's session as elsewhere.
        var itself = await otherGateway.GetConfigurationAsync(new GetConfigurationRequest { EdgeId = "edge-resource-2", KnownVersion = version });
        Assert.Empty(itself.WeekCounts.SessionsElsewhere);

        // A changed answer carries the same counts in week_counts and in its pupils.
        var changed = await gateway.GetConfigurationAsync(new GetConfigurationRequest { EdgeId = DemoSeed.EdgeId });
        Assert.Equal(1, changed.WeekCounts.SessionsElsewhere["p-3f9a1c"]);
        Assert.Equal(1, changed.Snapshot.Pupils.Single(p => p.PupilId == "p-3f9a1c").SessionsThisWeekElsewhere);
        Assert.Equal(0, changed.Snapshot.Pupils.Single(p => p.PupilId == "p-c81f05").SessionsThisWeekElsewhere);
    }

    [Fact]
    public async Task A_changed_pupil_reaches_the_edge_as_a_new_snapshot_version()
    {
        using var channel = await _server.EdgeChannelAsync();
        var gateway = new EdgeGateway.EdgeGatewayClient(channel);
        await using (var scope = _server.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
            (await db.Pupils.FindAsync("p-c81f05"))!.DisplayName = "Bumblebee";
            await db.SaveChangesAsync();
        }

        var pull = await gateway.GetConfigurationAsync(new GetConfigurationRequest { EdgeId = DemoSeed.EdgeId, KnownVersion = 1 });
        Assert.False(pull.Unchanged);
        Assert.Equal(2, pull.Snapshot.Version);
        Assert.Equal("Bumblebee", pull.Snapshot.Pupils.Single(p => p.PupilId == "p-c81f05").DisplayName);
        Assert.True((await gateway.GetConfigurationAsync(new GetConfigurationRequest { EdgeId = DemoSeed.EdgeId, KnownVersion = 2 })).Unchanged);
    }

    [Fact]
    public async Task An_edge_id_other_than_the_certificates_is_refused_permission_denied_naming_it()
    {
        // With client certificates an unknown edge cannot call at all (GatewayTlsTests); one that names another edge
        // than its certificate's, or none, is refused before anything is looked up.
        using var channel = await _server.EdgeChannelAsync();
        var gateway = new EdgeGateway.EdgeGatewayClient(channel);

        var pull = await Assert.ThrowsAsync<RpcException>(async () => await gateway.GetConfigurationAsync(new GetConfigurationRequest { EdgeId = "edge-stranger" }));
        Assert.Equal(StatusCode.PermissionDenied, pull.StatusCode);
        Assert.Contains("edge-stranger", pull.Status.Detail, StringComparison.Ordinal);

        var push = await Assert.ThrowsAsync<RpcException>(async () =>
            await gateway.UploadEventsAsync(new UploadEventsRequest { EdgeId = "edge-stranger", Events = { Events.Occupancy(1, true) } }));
        Assert.Equal(StatusCode.PermissionDenied, push.StatusCode);

        var empty = await Assert.ThrowsAsync<RpcException>(async () => await gateway.GetConfigurationAsync(new GetConfigurationRequest()));
        Assert.Equal(StatusCode.PermissionDenied, empty.StatusCode);
    }

    [Fact]
    public async Task A_batch_the_server_cannot_store_is_answered_unavailable_and_acknowledges_nothing()
    {
        using var channel = await _server.EdgeChannelAsync();
        var gateway = new EdgeGateway.EdgeGatewayClient(channel);
        await gateway.UploadEventsAsync(new UploadEventsRequest { EdgeId = DemoSeed.EdgeId, Events = { Events.Occupancy(1, true) } });
        await using (var scope = _server.SystemScope())
        {
            // A row the high-water does not know about makes the next insert of sequence 3 fail.
            var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
            db.RawEvents.Add(new RawEvent { EdgeId = DemoSeed.EdgeId, Sequence = 3, Kind = "OccupancyChanged", Payload = [], OccurredAt = DateTime.UtcNow, ReceivedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        var failed = await Assert.ThrowsAsync<RpcException>(async () => await gateway.UploadEventsAsync(new UploadEventsRequest
        {
            EdgeId = DemoSeed.EdgeId,
            Events = { Events.Started(2, "s-lost"), Events.Occupancy(3, false) },
        }));

        Assert.Equal(StatusCode.Unavailable, failed.StatusCode);
        var pull = await gateway.GetConfigurationAsync(new GetConfigurationRequest { EdgeId = DemoSeed.EdgeId, KnownVersion = 1 });
        Assert.Equal(1, pull.AcknowledgedSequence);
        Assert.Empty((await SessionsAsync("/api/sessions")).EnumerateArray());
    }

    [Fact]
    public async Task The_sessions_api_returns_camel_case_json_with_running_sessions_unended_and_filters_by_pupil()
    {
        using var channel = await _server.EdgeChannelAsync();
        var gateway = new EdgeGateway.EdgeGatewayClient(channel);
        await gateway.UploadEventsAsync(new UploadEventsRequest
        {
            EdgeId = DemoSeed.EdgeId,
            Events = { Events.Started(1, "s-fox"), Events.Ended(2, "s-fox"), Events.Started(3, "s-owl", "p-7b2e4d", "staff-ivan") },
        });

        var json = await RawAsync("/api/sessions");
        Assert.Contains("\"endedAt\":\"", json, StringComparison.Ordinal);
        Assert.Contains("\"endedAt\":null", json, StringComparison.Ordinal);

        var all = JsonDocument.Parse(json).RootElement.EnumerateArray().ToList();
        Assert.Equal(2, all.Count);
        var owl = all[0];
        Assert.Equal(
            ["sessionId", "roomId", "roomName", "pupilIds", "pupilDisplayNames", "escortStaffIds", "kind", "plannedMinutes", "startedAt", "endedAt", "endReason", "actualSeconds"],
            owl.EnumerateObject().Select(p => p.Name));
        Assert.Equal("s-owl", owl.GetProperty("sessionId").GetString());
        Assert.Equal(JsonValueKind.Null, owl.GetProperty("endedAt").ValueKind);
        Assert.Equal("Owl", owl.GetProperty("pupilDisplayNames")[0].GetString());

        var fox = Assert.Single((await SessionsAsync("/api/sessions?pupilId=p-3f9a1c")).EnumerateArray());
        Assert.Equal("room-sensory-1", fox.GetProperty("roomId").GetString());
        Assert.Equal("Sensory room", fox.GetProperty("roomName").GetString());
        Assert.Equal("individual", fox.GetProperty("kind").GetString());
        Assert.Equal(20, fox.GetProperty("plannedMinutes").GetInt32());
        Assert.Equal("escort_badged_out", fox.GetProperty("endReason").GetString());
        Assert.Equal(8, fox.GetProperty("actualSeconds").GetInt32());
        Assert.Equal("staff-olena", fox.GetProperty("escortStaffIds")[0].GetString());
        Assert.EndsWith("Z", fox.GetProperty("startedAt").GetString(), StringComparison.Ordinal);
        Assert.Empty((await SessionsAsync("/api/sessions?pupilId=p-e4a7b9")).EnumerateArray());
    }

    [Theory]
    [InlineData("en", "Sessions per pupil", "running", "escort badged out")]
    [InlineData("ru", "Занятия по ученикам", "идёт", "сопровождающий приложил карту")]
    [InlineData("uk", "Заняття за учнями", "триває", "супровідник приклав картку")]
    public async Task The_admin_page_lists_sessions_per_pupil_in_the_chosen_language(string culture, string title, string running, string escortOut)
    {
        using var channel = await _server.EdgeChannelAsync();
        await new EdgeGateway.EdgeGatewayClient(channel).UploadEventsAsync(new UploadEventsRequest
        {
            EdgeId = DemoSeed.EdgeId,
            Events = { Events.Started(1, "s-fox"), Events.Ended(2, "s-fox"), Events.Started(3, "s-bee", "p-c81f05") },
        });

        var html = await RawAsync($"/?culture={culture}");

        Assert.Contains($"<html lang=\"{culture}\">", html, StringComparison.Ordinal);
        Assert.Contains(title, html, StringComparison.Ordinal);
        Assert.Contains("<meta http-equiv=\"refresh\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"pupil-p-3f9a1c\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"pupil-p-c81f05\"", html, StringComparison.Ordinal);
        Assert.Contains("data-session-id=\"s-fox\"", html, StringComparison.Ordinal);
        Assert.Contains(escortOut, html, StringComparison.Ordinal);
        Assert.Contains(running, html, StringComparison.Ordinal);
        // The administrator sees full names here, on the server.
        Assert.Contains("Taras K.", html, StringComparison.Ordinal);
        foreach (var other in new[] { "en", "ru", "uk" })
        {
            Assert.Contains($"href=\"?culture={other}\"", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_admin_page_follows_accept_language_without_a_query()
    {
        using var client = await _server.SignedInClientAsync(AccountRole.Administrator);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/", UriKind.Relative));
        request.Headers.AcceptLanguage.ParseAdd("uk-UA,uk;q=0.9");
        using var response = await client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"uk\">", html, StringComparison.Ordinal);
        Assert.Contains("Заняття за учнями", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_log_line_contains_a_pupil_full_name()
    {
        using var channel = await _server.EdgeChannelAsync();
        var gateway = new EdgeGateway.EdgeGatewayClient(channel);
        await gateway.GetConfigurationAsync(new GetConfigurationRequest { EdgeId = DemoSeed.EdgeId });
        await gateway.UploadEventsAsync(new UploadEventsRequest { EdgeId = DemoSeed.EdgeId, Events = { Events.Started(1, "s-fox"), Events.Ended(2, "s-fox") } });
        await RawAsync("/?culture=uk");
        await RawAsync("/api/sessions");

        Assert.NotEmpty(_server.Logs.Lines);
        Assert.Contains(_server.Logs.Lines, line => line.Contains("Seeded demo organisation", StringComparison.Ordinal));
        foreach (var line in _server.Logs.Lines)
        {
            foreach (var fullName in FullNames)
            {
                Assert.DoesNotContain(fullName, line, StringComparison.Ordinal);
            }
        }
    }

    private async Task<string> RawAsync(string path)
    {
        using var client = path.StartsWith("/api/", StringComparison.Ordinal)
            ? await _server.TokenClientAsync(AccountRole.Administrator)
            : await _server.SignedInClientAsync(AccountRole.Administrator);
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<JsonElement> SessionsAsync(string path) => JsonDocument.Parse(await RawAsync(path)).RootElement.Clone();
}
