using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Edge.Worker.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace Inclusion.Iot.Edge.Worker.Tests;

/// <summary>
/// The rules with the server down, on the cached configuration: R-WEEK counts this room's sessions on top of the last
/// answer's counts for the other rooms; on sync the outbox drains and the counts reconcile; past the offline policy's days
/// nobody is admitted until the server answers again.
/// </summary>
public sealed class OfflineRulesTests() : EdgeHostTests("edge-offline-rules")
{
    private const string Olena = "04A1B2C3";
    private const string Fox = "04110001";

    private static WeekCounts Counts(int fox) => new()
    {
        CountedAt = Timestamp.FromDateTimeOffset(EdgeHarness.SchoolMorning),
        SessionsElsewhere = { ["p-3f9a1c"] = fox },
    };

    private static int FoxElsewhere(EdgeHarness edge) =>
        edge.Services.GetRequiredService<ConfigurationCache>().Room!.Pupils.Single(p => p.PupilId == "p-3f9a1c").SessionsThisWeekElsewhere;

    private static async Task<string?> RefusalAsync(EdgeHarness edge)
    {
        var state = await edge.StateAsync();
        return state.GetProperty("lastRefusal").ValueKind == JsonValueKind.Object ? state.GetProperty("lastRefusal").GetProperty("reason").GetString() : null;
    }

    [Fact]
    public async Task With_the_server_down_the_weekly_limit_counts_this_rooms_sessions_and_on_sync_the_log_and_counts_reconcile()
    {
        // Fox (level 2: two a week) has had one session in another room this week, as the server's last answer says.
        Server.WeekCounts = Counts(fox: 1);
        var data = Scratch.CreateSubdirectory("room");
        var edge = new EdgeHarness(data, Inclusion.Iot.Testing.FreeTcpPort.Next(), Server.Url);
        await edge.StartAsync();
        await EdgeHarness.Until(() => Task.FromResult(edge.Services.GetRequiredService<ConfigurationCache>().Room is { } room && FoxElsewhere(edge) == 1), "the answer's counts in the room");
        await edge.StopAsync();

        // The server goes down; the edge restarts on its cache, counts included.
        Server.Available = false;
        var before = Server.Stored.Count;
        await using var offline = new EdgeHarness(data, Inclusion.Iot.Testing.FreeTcpPort.Next(), Server.Url);
        await offline.StartAsync();
        Assert.Equal(1, FoxElsewhere(offline));

        await offline.StartSessionAsync(Olena, Fox);
        var fox = (await offline.StateAsync()).GetProperty("pupilDetails")[0];
        Assert.Equal("Fox (2 of 2 this week)", fox.GetProperty("text").GetString());
        await offline.Http.PostAsync(new Uri("/api/session/end", UriKind.Relative), null);
        await offline.AdvanceAsync(TimeSpan.FromSeconds(6));
        await offline.BadgeAsync(Olena);
        await offline.WaitForStateAsync("escort_present");
        await offline.BadgeAsync(Fox);
        await EdgeHarness.Until(async () => await RefusalAsync(offline) == "WEEKLY_LIMIT", "Fox's third session refused offline");
        Assert.Equal(before, Server.Stored.Count);

        // The server is back with the same count for the other rooms: the outbox drains, and Fox is still at the limit.
        Server.Available = true;
        await EdgeHarness.Until(
            async () =>
            {
                await offline.AdvanceAsync(TimeSpan.FromSeconds(1));
                return Server.Stored.Any(e => e.BadgeRefused is { RuleId: "R-WEEK" });
            },
            "the offline session and refusal on the server");
        Assert.Single(Server.Stored.Skip(before), e => e.SessionStarted is not null);
        await offline.AdvanceAsync(TimeSpan.FromSeconds(6));
        await offline.BadgeAsync(Olena);
        await offline.WaitForStateAsync("escort_present");
        await offline.BadgeAsync(Fox);
        await EdgeHarness.Until(
            async () =>
            {
                await offline.AdvanceAsync(TimeSpan.FromSeconds(1));
                return Server.Stored.Count(e => e.BadgeRefused is { RuleId: "R-WEEK" }) == 2;
            },
            "the second refusal, after sync, on the server");
        Assert.Null((await offline.StateAsync()).GetProperty("sessionId").GetString());

        // The other room's session is corrected away at the server: the next answer (the configuration unchanged) lets Fox in.
        Server.WeekCounts = Counts(fox: 0);
        await EdgeHarness.Until(
            async () =>
            {
                await offline.AdvanceAsync(TimeSpan.FromSeconds(1));
                return FoxElsewhere(offline) == 0;
            },
            "the new count in the room");
        await offline.AdvanceAsync(TimeSpan.FromSeconds(6));
        await offline.StartSessionAsync(Olena, Fox);
        Assert.Equal("Fox (2 of 2 this week)", (await offline.StateAsync()).GetProperty("pupilDetails")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Past_the_offline_days_nobody_is_admitted_and_the_next_answer_lets_escorts_in_again()
    {
        Server.Snapshot.Policy.OfflineEscortDays = 2;
        await using var edge = await StartConfiguredEdgeAsync();
        Server.Available = false;

        edge.Time.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1));
        await edge.AdvanceAsync(TimeSpan.FromSeconds(1));
        await edge.BadgeAsync(Olena);

        await EdgeHarness.Until(async () => await RefusalAsync(edge) == "CONFIGURATION_STALE", "the stale refusal");
        var state = await edge.StateAsync("uk");
        Assert.Equal("idle", state.GetProperty("state").GetString());
        Assert.StartsWith("Кімната надто довго", state.GetProperty("lastRefusal").GetProperty("message").GetString(), StringComparison.Ordinal);

        Server.Available = true;
        var answered = Server.ConfigurationCalls;
        await EdgeHarness.Until(
            async () =>
            {
                await edge.AdvanceAsync(TimeSpan.FromSeconds(1));
                return Server.ConfigurationCalls > answered;
            },
            "the server answering again");
        await edge.AdvanceAsync(TimeSpan.FromSeconds(1));
        await edge.BadgeAsync(Olena);
        await edge.WaitForStateAsync("escort_present");
    }
}
