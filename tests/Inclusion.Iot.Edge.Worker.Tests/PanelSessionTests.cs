using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inclusion.Iot.Contracts.Edge.V1;

namespace Inclusion.Iot.Edge.Worker.Tests;

/// <summary>The wall panel's session actions over HTTP, against a running edge: start a group, pupils join, extend, abort.</summary>
public sealed class PanelSessionTests() : EdgeHostTests("edge-panel-sessions")
{
    private const string Olena = "04A1B2C3";
    private const string Fox = "04110001";
    private const string Bee = "04110003";

    [Fact]
    public async Task A_group_started_on_the_panel_takes_two_pupils_is_extended_by_the_policys_step_and_aborted()
    {
        await using var edge = await StartConfiguredEdgeAsync();

        await edge.BadgeAsync(Olena);
        await edge.WaitForStateAsync("escort_present");
        await PostAsync(edge, "/api/session/start?kind=group", HttpStatusCode.OK);
        await edge.BadgeAsync(Fox);
        await edge.BadgeAsync(Bee);
        await EdgeHarness.Until(async () => (await edge.StateAsync()).GetProperty("pupils").GetArrayLength() == 2, "both pupils in the group");
        // The group's scene follows the first pupil's within the same second: it goes out when the second is up.
        await edge.AdvanceAsync(TimeSpan.FromSeconds(1));

        var state = await edge.StateAsync("uk");
        Assert.Equal("group", state.GetProperty("sessionKind").GetString());
        Assert.Equal("Групове", state.GetProperty("sessionKindText").GetString());
        Assert.Equal(36 * 60, state.GetProperty("totalSeconds").GetInt32());
        Assert.Equal(6, state.GetProperty("extendMinutes").GetInt32());
        // Bee's dimmer scene wins for the group (31 %, Zigbee brightness 79 of 254).
        await EdgeHarness.Until(() => Task.FromResult(edge.Messages.Any(m => m.Topic == "zigbee2mqtt/sensory1-ceiling/set" && m.Payload.Contains("\"brightness\":79", StringComparison.Ordinal))), "the group's conservative scene");

        await PostAsync(edge, "/api/session/extend", HttpStatusCode.OK);
        Assert.Equal(42 * 60, (await edge.StateAsync()).GetProperty("totalSeconds").GetInt32());
        await PostAsync(edge, "/api/session/abort", HttpStatusCode.OK);
        Assert.Equal("idle", (await edge.StateAsync()).GetProperty("state").GetString());

        var refused = await PostAsync(edge, "/api/session/extend?culture=ru", HttpStatusCode.Conflict);
        Assert.Equal("NO_SESSION", refused.GetProperty("reason").GetString());
        Assert.Equal("Занятие не идёт.", refused.GetProperty("message").GetString());
        var unknown = await PostAsync(edge, "/api/session/start?kind=party&culture=en", HttpStatusCode.BadRequest);
        Assert.Equal("Unknown kind of session.", unknown.GetProperty("message").GetString());

        await EdgeHarness.Until(() => Task.FromResult(Server.Stored.Any(e => e.BodyCase == EdgeEvent.BodyOneofCase.SessionEnded)), "the end on the server");
        var stored = Server.Stored;
        var started = stored.Single(e => e.SessionStarted is not null).SessionStarted;
        Assert.Equal((SessionKind.Group, 36), (started.Kind, started.PlannedMinutes));
        Assert.Equal(["p-3f9a1c", "p-c81f05"], stored.Where(e => e.PupilJoined is not null).Select(e => e.PupilJoined.PupilId));
        Assert.Equal(42, stored.Single(e => e.SessionExtended is not null).SessionExtended.PlannedMinutes);
        Assert.Equal(SessionEndReason.AbortedOnPanel, stored.Single(e => e.SessionEnded is not null).SessionEnded.Reason);
        Assert.Equal(Enumerable.Range(1, stored.Count).Select(i => (long)i), stored.Select(e => e.Sequence));
    }

    [Fact]
    public async Task Starting_on_the_panel_without_an_escort_at_the_door_is_refused_in_the_users_language()
    {
        await using var edge = await StartConfiguredEdgeAsync();

        var refused = await PostAsync(edge, "/api/session/start?kind=open_use&culture=uk", HttpStatusCode.Conflict);
        Assert.Equal("ESCORT_REQUIRED", refused.GetProperty("reason").GetString());
        Assert.StartsWith("Учень заходить лише", refused.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("idle", (await edge.StateAsync()).GetProperty("state").GetString());
    }

    [Fact]
    public async Task The_weekly_limit_refuses_Fox_third_session_and_a_specialist_overrides_it_on_the_panel_with_a_reason()
    {
        await using var edge = await StartConfiguredEdgeAsync();
        // Fox is at support level 2: two correctional sessions a week (R-WEEK).
        for (var i = 0; i < 2; i++)
        {
            await edge.StartSessionAsync(Olena, Fox);
            await PostAsync(edge, "/api/session/end", HttpStatusCode.OK);
            await edge.AdvanceAsync(TimeSpan.FromSeconds(6));
        }

        await edge.BadgeAsync(Olena);
        await edge.WaitForStateAsync("escort_present");
        await edge.BadgeAsync(Fox);
        await EdgeHarness.Until(async () => (await edge.StateAsync("uk")).GetProperty("override").ValueKind == JsonValueKind.Object, "the override offered on the panel");
        var state = await edge.StateAsync("uk");
        Assert.Equal("WEEKLY_LIMIT", state.GetProperty("lastRefusal").GetProperty("reason").GetString());
        Assert.Equal("R-WEEK", state.GetProperty("override").GetProperty("ruleId").GetString());
        Assert.StartsWith("Fox: відмова за правилом R-WEEK", state.GetProperty("override").GetProperty("message").GetString(), StringComparison.Ordinal);

        var noReason = await PostAsync(edge, "/api/override?culture=en", HttpStatusCode.Conflict);
        Assert.Equal("REASON_REQUIRED", noReason.GetProperty("reason").GetString());
        await PostAsync(edge, "/api/override?reason=" + Uri.EscapeDataString("Agreed with the parents"), HttpStatusCode.OK);
        Assert.Equal("session", (await edge.StateAsync()).GetProperty("state").GetString());

        await EdgeHarness.Until(() => Task.FromResult(Server.Stored.Any(e => e.RuleOverridden is not null)), "the override on the server");
        var overridden = Server.Stored.Single(e => e.RuleOverridden is not null).RuleOverridden;
        Assert.Equal(("R-WEEK", "p-3f9a1c", "staff-olena", "Agreed with the parents"), (overridden.RuleId, overridden.PupilId, overridden.StaffId, overridden.Reason));
        Assert.Equal("R-WEEK", Server.Stored.Single(e => e.BadgeRefused is not null).BadgeRefused.RuleId);
    }

    [Fact]
    public async Task An_escort_adds_a_pupil_without_a_badge_on_the_panel_and_the_join_is_recorded_as_added_on_the_panel()
    {
        await using var edge = await StartConfiguredEdgeAsync();
        await edge.BadgeAsync(Olena);
        await edge.WaitForStateAsync("escort_present");
        await PostAsync(edge, "/api/session/start?kind=individual", HttpStatusCode.OK);

        var pupils = await edge.Http.GetFromJsonAsync<JsonElement>(new Uri("/api/pupils", UriKind.Relative));
        Assert.Equal(["Bee", "Fox"], pupils.EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        var missing = await PostAsync(edge, "/api/session/add-pupil?culture=uk", HttpStatusCode.BadRequest);
        Assert.Equal("Оберіть учня, якого треба додати.", missing.GetProperty("message").GetString());
        var unknown = await PostAsync(edge, "/api/session/add-pupil?pupilId=p-nobody&culture=ru", HttpStatusCode.Conflict);
        Assert.Equal(("UNKNOWN_PUPIL", "Комната не знает этого ученика."), (unknown.GetProperty("reason").GetString(), unknown.GetProperty("message").GetString()));

        await PostAsync(edge, "/api/session/add-pupil?pupilId=p-3f9a1c", HttpStatusCode.OK);
        Assert.Equal(["Fox"], (await edge.StateAsync()).GetProperty("pupils").EnumerateArray().Select(p => p.GetString()));
        var again = await PostAsync(edge, "/api/session/add-pupil?pupilId=p-3f9a1c", HttpStatusCode.Conflict);
        Assert.Equal("ALREADY_IN_SESSION", again.GetProperty("reason").GetString());

        await EdgeHarness.Until(() => Task.FromResult(Server.Stored.Any(e => e.PupilJoined is not null)), "the join on the server");
        var joined = Server.Stored.Single(e => e.PupilJoined is not null).PupilJoined;
        Assert.Equal(("p-3f9a1c", "staff-olena", true), (joined.PupilId, joined.EscortStaffId, joined.AddedOnPanel));
        Assert.DoesNotContain(Server.Stored, e => e.BadgeAccepted is { HolderKind: BadgeHolderKind.Pupil });
    }

    private static async Task<JsonElement> PostAsync(EdgeHarness edge, string path, HttpStatusCode expected)
    {
        using var response = await edge.Http.PostAsync(new Uri(path, UriKind.Relative), null);
        Assert.Equal(expected, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
