using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Testing;
using Microsoft.Data.Sqlite;

namespace Inclusion.Iot.EndToEnd.Tests;

/// <summary>
/// The room's rules (domain.md's R-CAP, R-GROUP, R-WEEK, R-SCHED, R-DUR, R-ADAPT, R-OPEN) end to end: firmware-sim's rule
/// scenarios through real Mosquitto to the edge, the wall panel's JSON API driven while they play, and what the edge
/// recorded as it reaches the server. The demo seed gives these pupils a slot around now (Hare none today).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class RoomRulesScenarioTests(MosquittoFixture broker)
{
    private const string Olena = "staff-olena";
    private const string Fox = "p-3f9a1c";
    private const string Hare = "p-5a1d3e";
    private const string Newt = "p-8a6c13";
    private const string Moth = "p-d3e9f7";

    /// <summary>The eight pupils rules-capacity.json brings in before Newt: Fox, Owl, Bee, Lynx, Wren, Otter, Finch, Robin.</summary>
    private static readonly string[] EightPupils = ["p-3f9a1c", "p-7b2e4d", "p-c81f05", "p-9c4b72", "p-2e8f61", "p-6d3a90", "p-b17c48", "p-4f0e2b"];

    private static readonly TimeSpan ScenarioTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task R_CAP_a_group_takes_the_rooms_eight_pupils_and_the_ninth_is_refused_room_full()
    {
        await using var system = await StartedAsync();

        var (refusal, panel) = await PlayCapacityScenarioAsync(system, "ROOM_FULL");

        Assert.Equal(RefusalReason.RoomFull, refusal.Reason);
        Assert.Equal("R-CAP", refusal.RuleId);
        Assert.Equal("R-CAP", panel.GetProperty("lastRefusal").GetProperty("ruleId").GetString());
        await AssertOnServerAsync(system, refusal, EightPupils);
    }

    [Fact]
    public async Task R_GROUP_in_a_room_for_ten_the_ninth_pupil_is_refused_because_a_group_takes_at_most_eight()
    {
        await using var system = await StartedAsync();

        // The room is made bigger on the server (as an administrator would), and the organisation's configuration version
        // moves, so the edge pulls the new snapshot (every Server:SyncIntervalSeconds, 1 s here).
        var version = await RaiseRoomCapacityAsync(system.ServerDatabase, 10);
        await system.WaitUntilAsync(
            async () => (await PanelAsync(system)).GetProperty("configurationVersion").GetInt64() == version,
            TimeSpan.FromSeconds(30),
            $"the edge holding configuration version {version}");

        var (refusal, panel) = await PlayCapacityScenarioAsync(system, "GROUP_FULL");

        Assert.Equal(RefusalReason.GroupFull, refusal.Reason);
        Assert.Equal("R-GROUP", refusal.RuleId);
        Assert.Equal("R-GROUP", panel.GetProperty("lastRefusal").GetProperty("ruleId").GetString());
        await AssertOnServerAsync(system, refusal, EightPupils);
    }

    [Fact]
    public async Task R_WEEK_a_level_2_pupils_third_session_in_a_week_is_refused_weekly_limit()
    {
        await using var system = await StartedAsync();
        var sim = system.StartScenario("rules-week.json");

        // The panel lists Fox's standing in the week during each visit.
        var first = await WaitForPanelAsync(system, s => PupilDetail(s, "Fox") is { } fox && fox.GetProperty("weekCount").GetInt32() == 1, "Fox's 1st session");
        Assert.Equal("Fox (1 of 2 this week)", PupilDetail(first, "Fox")!.Value.GetProperty("text").GetString());
        var second = await WaitForPanelAsync(system, s => PupilDetail(s, "Fox") is { } fox && fox.GetProperty("weekCount").GetInt32() == 2, "Fox's 2nd session");
        var foxDetail = PupilDetail(second, "Fox")!.Value;
        Assert.Equal("Fox (2 of 2 this week)", foxDetail.GetProperty("text").GetString());
        Assert.Equal(2, foxDetail.GetProperty("weekLimit").GetInt32());
        Assert.NotEqual(first.GetProperty("sessionId").GetString(), second.GetProperty("sessionId").GetString());

        await WaitForExitAsync(system, sim);

        var outbox = new EdgeOutbox(system.EdgeDataDirectory);
        var refusal = await WaitForRefusalAsync(system, outbox, Fox);
        Assert.Equal(RefusalReason.WeeklyLimit, refusal.BadgeRefused.Reason);
        Assert.Equal("R-WEEK", refusal.BadgeRefused.RuleId);
        var events = await outbox.EventsAsync();
        Assert.Equal(2, events.Count(e => e.SessionStarted is { } started && started.PupilIds.Contains(Fox)));

        // The panel shows the refusal and offers a specialist's override (R-WEEK is overridable with a reason).
        var panel = await PanelAsync(system);
        Assert.Equal("WEEKLY_LIMIT", panel.GetProperty("lastRefusal").GetProperty("reason").GetString());
        Assert.Equal("R-WEEK", panel.GetProperty("lastRefusal").GetProperty("ruleId").GetString());
        Assert.Equal("R-WEEK", panel.GetProperty("override").GetProperty("ruleId").GetString());
        Assert.Equal(JsonValueKind.Null, panel.GetProperty("sessionId").ValueKind);

        // The server holds Fox's two sessions, both ended, and the refusal.
        await system.WaitUntilAsync(
            async () => (await system.SessionsAsync(Fox)).Count(Sessions.IsEnded) == 2, TimeSpan.FromSeconds(30), "Fox's two ended sessions on the server");
        Assert.Equal(2, (await system.SessionsAsync(Fox)).Count);
        await WaitForServerEventAsync(system, refusal.Sequence);
    }

    [Fact]
    public async Task R_SCHED_a_pupil_out_of_schedule_is_refused_and_a_specialists_override_with_a_reason_starts_the_session()
    {
        await using var system = await StartedAsync();
        var sim = system.StartScenario("out-of-schedule.json");

        // Hare is refused and the panel offers the override, while the scenario pauses for it.
        var offered = await WaitForPanelAsync(system, s => s.GetProperty("override").ValueKind == JsonValueKind.Object, "the override offered on the panel");
        Assert.Equal("R-SCHED", offered.GetProperty("override").GetProperty("ruleId").GetString());
        Assert.Equal("Hare", offered.GetProperty("override").GetProperty("pupil").GetString());
        Assert.Equal("OUTSIDE_SCHEDULE", offered.GetProperty("lastRefusal").GetProperty("reason").GetString());
        Assert.Equal("R-SCHED", offered.GetProperty("lastRefusal").GetProperty("ruleId").GetString());

        // Typing the reason takes longer than the 5 s escort window: the override comes once the door's window has closed
        // (the room idle again), and the session it starts still has Olena, who brought Hare, as its escort.
        await WaitForPanelAsync(system, s => s.GetProperty("state").GetString() == "idle" && s.GetProperty("override").ValueKind == JsonValueKind.Object, "the escort window closed, the override still offered");
        const string reason = "Session moved: Hare's class had a trip on the usual day";
        using (var overridden = await system.Http.PostAsync(new Uri(system.PanelUrl, $"/api/override?reason={Uri.EscapeDataString(reason)}"), null))
        {
            Assert.True(overridden.StatusCode == HttpStatusCode.OK, $"{overridden.StatusCode}: {await overridden.Content.ReadAsStringAsync()}\n{system.Logs}");
        }

        var running = await WaitForPanelAsync(system, s => HasPupil(s, "Hare"), "Hare's overridden session on the panel");
        Assert.Equal("individual", running.GetProperty("sessionKind").GetString());
        Assert.Equal(JsonValueKind.Null, running.GetProperty("override").ValueKind);

        // Olena's tap-out after the pause ends it.
        await WaitForExitAsync(system, sim);
        var outbox = new EdgeOutbox(system.EdgeDataDirectory);
        var refusal = await WaitForRefusalAsync(system, outbox, Hare);
        Assert.Equal(RefusalReason.OutsideSchedule, refusal.BadgeRefused.Reason);
        Assert.Equal("R-SCHED", refusal.BadgeRefused.RuleId);

        var server = await system.WaitForSessionAsync(s => Sessions.HasPupil(s, Hare) && Sessions.IsEnded(s), TimeSpan.FromSeconds(30), "Hare's ended session");
        Assert.Equal("escort_badged_out", server.GetProperty("endReason").GetString());
        Assert.Equal([Olena], Sessions.Strings(server, "escortStaffIds"));
        Assert.Equal("individual", server.GetProperty("kind").GetString());

        // The override, with its reason, is among the server's raw events, as the edge recorded it.
        var onServer = await WaitForServerEventsAsync(system, "RuleOverridden", 1);
        var rule = Assert.Single(onServer).RuleOverridden;
        Assert.Equal(("R-SCHED", Hare, Olena, reason), (rule.RuleId, rule.PupilId, rule.StaffId, rule.Reason));
        Assert.Equal(rule, Assert.Single(await outbox.EventsAsync(), e => e.RuleOverridden is not null).RuleOverridden);
    }

    [Fact]
    public async Task R_UNLOAD_an_unloading_session_started_on_the_panel_takes_a_pupil_with_no_slot_now()
    {
        await using var system = await StartedAsync();
        var sim = system.StartScenario("unloading.json");

        await WaitForPanelAsync(system, s => s.GetProperty("state").GetString() == "escort_present", "Olena at the door");
        using (var started = await system.Http.PostAsync(new Uri(system.PanelUrl, "/api/session/start?kind=unloading"), null))
        {
            Assert.True(started.StatusCode == HttpStatusCode.OK, $"{started.StatusCode}: {await started.Content.ReadAsStringAsync()}\n{system.Logs}");
        }

        var hare = await WaitForPanelAsync(system, s => HasPupil(s, "Hare"), "Hare in the unloading session");
        Assert.Equal("unloading", hare.GetProperty("sessionKind").GetString());
        Assert.Equal(JsonValueKind.Null, hare.GetProperty("lastRefusal").ValueKind);

        await WaitForExitAsync(system, sim);
        var server = await system.WaitForSessionAsync(s => Sessions.HasPupil(s, Hare) && Sessions.IsEnded(s), TimeSpan.FromSeconds(30), "Hare's unloading session");
        Assert.Equal("unloading", server.GetProperty("kind").GetString());
        Assert.Equal("escort_badged_out", server.GetProperty("endReason").GetString());
        var outbox = new EdgeOutbox(system.EdgeDataDirectory);
        Assert.DoesNotContain(await outbox.EventsAsync(), e => e.BadgeRefused is not null);
    }

    [Fact]
    public async Task R_DUR_R_ADAPT_and_R_OPEN_extensions_stop_at_the_longest_individual_session_and_the_adaptation_cap_and_a_pupil_without_a_programme_gets_open_use()
    {
        await using var system = await StartedAsync();
        var sim = system.StartScenario("escorted-visits.json");

        // Fox: an individual session of 20 min; Extend (5 min) makes it 25, the most R-DUR allows; again is refused.
        var fox = await WaitForPanelAsync(system, s => HasPupil(s, "Fox"), "Fox's session on the panel");
        Assert.Equal(20 * 60, fox.GetProperty("totalSeconds").GetInt32());
        await ExtendAsync(system, HttpStatusCode.OK);
        Assert.Equal(25 * 60, (await PanelAsync(system)).GetProperty("totalSeconds").GetInt32());
        var tooLong = await ExtendAsync(system, HttpStatusCode.Conflict);
        Assert.Equal(("DURATION_LIMIT", "R-DUR"), (tooLong.GetProperty("reason").GetString(), tooLong.GetProperty("ruleId").GetString()));
        Assert.Equal(25 * 60, (await PanelAsync(system)).GetProperty("totalSeconds").GetInt32());

        // Newt, adaptation week 2: planned 15 min, not the programme's 20; Extend is refused at the cap.
        var newt = await WaitForPanelAsync(system, s => HasPupil(s, "Newt"), "Newt's session on the panel");
        Assert.Equal(15 * 60, newt.GetProperty("totalSeconds").GetInt32());
        var newtDetail = PupilDetail(newt, "Newt")!.Value;
        Assert.Equal(15, newtDetail.GetProperty("capMinutes").GetInt32());
        Assert.Contains("adaptation week 2: at most 15 min", newtDetail.GetProperty("text").GetString(), StringComparison.Ordinal);
        var capped = await ExtendAsync(system, HttpStatusCode.Conflict);
        Assert.Equal(("ADAPTATION_CAP", "R-ADAPT"), (capped.GetProperty("reason").GetString(), capped.GetProperty("ruleId").GetString()));
        Assert.Equal(15 * 60, (await PanelAsync(system)).GetProperty("totalSeconds").GetInt32());

        // Moth has no programme: open use.
        var moth = await WaitForPanelAsync(system, s => HasPupil(s, "Moth"), "Moth's session on the panel");
        Assert.Equal("open_use", moth.GetProperty("sessionKind").GetString());

        await WaitForExitAsync(system, sim);

        // What the edge recorded.
        var outbox = new EdgeOutbox(system.EdgeDataDirectory);
        await system.WaitUntilAsync(
            async () => (await outbox.EventsAsync()).Count(e => e.SessionEnded is not null) == 3, TimeSpan.FromSeconds(30), "the three sessions ended");
        var events = await outbox.EventsAsync();
        var started = events.Where(e => e.SessionStarted is not null).Select(e => e.SessionStarted).ToList();
        Assert.Equal(new[] { Fox, Newt, Moth }, started.Select(s => Assert.Single(s.PupilIds)));
        Assert.Equal((SessionKind.Individual, 20, ""), (started[0].Kind, started[0].PlannedMinutes, started[0].PlannedLimitedBy));
        Assert.Equal((SessionKind.Individual, 15, "R-ADAPT"), (started[1].Kind, started[1].PlannedMinutes, started[1].PlannedLimitedBy));
        Assert.Equal(SessionKind.OpenUse, started[2].Kind);
        var extended = Assert.Single(events, e => e.SessionExtended is not null).SessionExtended;
        Assert.Equal((started[0].SessionId, 5, 25), (extended.SessionId, extended.AddedMinutes, extended.PlannedMinutes));

        // And on the server: three sessions, each ended by Olena's tap-out.
        foreach (var (pupil, kind) in new[] { (Fox, "individual"), (Newt, "individual"), (Moth, "open_use") })
        {
            var session = await system.WaitForSessionAsync(s => Sessions.HasPupil(s, pupil) && Sessions.IsEnded(s), TimeSpan.FromSeconds(30), $"{pupil}'s ended session");
            Assert.Equal(kind, session.GetProperty("kind").GetString());
            Assert.Equal("escort_badged_out", session.GetProperty("endReason").GetString());
        }

        Assert.Equal(15, Assert.Single(await system.SessionsAsync(Newt)).GetProperty("plannedMinutes").GetInt32());
    }

    private async Task<RoomSystem> StartedAsync()
    {
        var system = new RoomSystem(broker);
        try
        {
            await system.StartServerAsync();
            await system.StartEdgeAsync();
            await system.WaitForEdgeConfigurationAsync();
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Plays rules-capacity.json; the panel is read while the group session runs with Newt's refusal on it. Returns Newt's
    /// refusal as the edge recorded it and that panel state, after checking the eight pupils and the one group session.
    /// </summary>
    private static async Task<(BadgeRefused Refusal, JsonElement Panel)> PlayCapacityScenarioAsync(RoomSystem system, string reason)
    {
        var sim = system.StartScenario("rules-capacity.json");
        var panel = await WaitForPanelAsync(
            system,
            s => s.GetProperty("lastRefusal") is { ValueKind: JsonValueKind.Object } refused && refused.GetProperty("reason").GetString() == reason,
            $"the panel showing {reason}");
        Assert.Equal("group", panel.GetProperty("sessionKind").GetString());
        Assert.Equal(8, panel.GetProperty("pupils").GetArrayLength());
        Assert.DoesNotContain("Newt", panel.GetProperty("pupils").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(35 * 60, panel.GetProperty("totalSeconds").GetInt32());
        await WaitForExitAsync(system, sim);

        var outbox = new EdgeOutbox(system.EdgeDataDirectory);
        var refusal = await WaitForRefusalAsync(system, outbox, Newt);
        await system.WaitUntilAsync(async () => await outbox.HasSessionEndedAsync(), TimeSpan.FromSeconds(30), "the group session's end");
        var events = await outbox.EventsAsync();

        // One session: Fox started it, the seven others joined it, Newt did not.
        var started = Assert.Single(events, e => e.SessionStarted is not null).SessionStarted;
        Assert.Equal([Fox], started.PupilIds);
        var joined = events.Where(e => e.PupilJoined is not null).Select(e => e.PupilJoined).ToList();
        Assert.All(joined, j => Assert.Equal(started.SessionId, j.SessionId));
        Assert.Equal(EightPupils, started.PupilIds.Concat(joined.Select(j => j.PupilId)));
        Assert.Single(events, e => e.BadgeRefused is not null);
        Assert.Contains(events, e => e.SessionReplanned is { Kind: SessionKind.Group } replanned && replanned.SessionId == started.SessionId);
        var ended = Assert.Single(events, e => e.SessionEnded is not null).SessionEnded;
        Assert.Equal((started.SessionId, SessionEndReason.EscortBadgedOut), (ended.SessionId, ended.Reason));
        return (refusal.BadgeRefused, panel);
    }

    /// <summary>The group session on the server with exactly <paramref name="pupils"/>, and the refusal among its raw events.</summary>
    private static async Task AssertOnServerAsync(RoomSystem system, BadgeRefused refusal, string[] pupils)
    {
        var group = await system.WaitForSessionAsync(s => Sessions.HasPupil(s, Fox) && Sessions.IsEnded(s), TimeSpan.FromSeconds(30), "the group session");
        Assert.Equal("group", group.GetProperty("kind").GetString());
        Assert.Equal(pupils.Order(StringComparer.Ordinal), Sessions.Strings(group, "pupilIds").Order(StringComparer.Ordinal));
        Assert.Empty(await system.SessionsAsync(Newt));
        var onServer = Assert.Single(await WaitForServerEventsAsync(system, "BadgeRefused", 1)).BadgeRefused;
        Assert.Equal((refusal.Reason, refusal.RuleId, Newt), (onServer.Reason, onServer.RuleId, onServer.HolderId));
    }

    private static async Task<EdgeEvent> WaitForRefusalAsync(RoomSystem system, EdgeOutbox outbox, string pupilId)
    {
        EdgeEvent? found = null;
        await system.WaitUntilAsync(
            async () => (found = (await outbox.EventsAsync()).FirstOrDefault(e => e.BadgeRefused?.HolderId == pupilId)) is not null,
            TimeSpan.FromSeconds(30),
            $"{pupilId}'s refusal in the edge's outbox");
        return found!;
    }

    private static Task WaitForServerEventAsync(RoomSystem system, long sequence) =>
        system.WaitUntilAsync(
            async () => (await new ServerRecords(system.ServerDatabase).SequencesAsync(RoomSystem.EdgeId)).Contains(sequence),
            TimeSpan.FromSeconds(30),
            $"event {sequence} on the server");

    /// <summary>The server's raw events of one kind (the contract's body name, as it stores them), once there are <paramref name="count"/>.</summary>
    private static async Task<List<EdgeEvent>> WaitForServerEventsAsync(RoomSystem system, string kind, int count)
    {
        List<EdgeEvent> events = [];
        await system.WaitUntilAsync(async () => (events = await ServerEventsAsync(system.ServerDatabase, kind)).Count >= count, TimeSpan.FromSeconds(30), $"{kind} on the server");
        return events;
    }

    private static async Task<List<EdgeEvent>> ServerEventsAsync(string databasePath, string kind)
    {
        if (!File.Exists(databasePath)) return [];
        await using var connection = await ReadOnlySqlite.OpenAsync(databasePath);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload FROM raw_events WHERE edge_id = $edge AND kind = $kind ORDER BY sequence";
        command.Parameters.AddWithValue("$edge", RoomSystem.EdgeId);
        command.Parameters.AddWithValue("$kind", kind);
        var events = new List<EdgeEvent>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            events.Add(EdgeEvent.Parser.ParseFrom((byte[])reader.GetValue(0)));
        }

        return events;
    }

    /// <summary>
    /// Sets the demo room's capacity in the running server's database and moves the organisation's configuration version
    /// (what the admin's own edits do), so edges pull it; returns the new version.
    /// </summary>
    private static async Task<long> RaiseRoomCapacityAsync(string databasePath, int capacity)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            """
            UPDATE rooms SET capacity = $capacity WHERE id = $room;
            UPDATE organisations SET configuration_version = configuration_version + 1
              WHERE id = (SELECT organisation_id FROM rooms WHERE id = $room);
            SELECT configuration_version FROM organisations WHERE id = (SELECT organisation_id FROM rooms WHERE id = $room);
            """;
        command.Parameters.AddWithValue("$capacity", capacity);
        command.Parameters.AddWithValue("$room", RoomSystem.RoomId);
        var version = (long)(await command.ExecuteScalarAsync() ?? 0L);
        await transaction.CommitAsync();
        Assert.True(version > 1, $"configuration version {version}");
        return version;
    }

    private static async Task<JsonElement> PanelAsync(RoomSystem system) =>
        await system.Http.GetFromJsonAsync<JsonElement>(new Uri(system.PanelUrl, "/api/state"));

    /// <summary>Polls the panel's state until <paramref name="match"/> holds; returns that state.</summary>
    private static async Task<JsonElement> WaitForPanelAsync(RoomSystem system, Func<JsonElement, bool> match, string what)
    {
        JsonElement state = default;
        await system.WaitUntilAsync(async () => match(state = await PanelAsync(system)), ScenarioTimeout, what);
        return state;
    }

    private static bool HasPupil(JsonElement state, string displayName) =>
        state.GetProperty("sessionId").ValueKind == JsonValueKind.String
        && state.GetProperty("pupils").EnumerateArray().Any(p => p.GetString() == displayName);

    private static JsonElement? PupilDetail(JsonElement state, string displayName) =>
        state.GetProperty("pupilDetails").EnumerateArray().Where(p => p.GetProperty("name").GetString() == displayName).Select(p => (JsonElement?)p).FirstOrDefault();

    /// <summary>The panel's Extend (the policy's step); returns the answer's body after checking its status.</summary>
    private static async Task<JsonElement> ExtendAsync(RoomSystem system, HttpStatusCode expected)
    {
        using var response = await system.Http.PostAsync(new Uri(system.PanelUrl, "/api/session/extend"), null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"extend: {response.StatusCode}, not {expected}: {body}\n{system.Logs}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task WaitForExitAsync(RoomSystem system, ChildProcess sim)
    {
        var exitCode = await sim.WaitForExitAsync(TimeSpan.FromSeconds(90));
        Assert.True(exitCode == 0, $"firmware-sim exited with {exitCode}.\n{system.Logs}");
    }
}
