using System.Text.Json;
using Grpc.Net.Client;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Testing;

namespace Inclusion.Iot.EndToEnd.Tests;

[Collection(EndToEndCollection.Name)]
public sealed class DemoScenarioTests(MosquittoFixture broker)
{
    private const string Fox = "p-3f9a1c";
    private const string Owl = "p-7b2e4d";
    private const string Bee = "p-c81f05";

    [Fact]
    public async Task The_demo_scenario_through_real_Mosquitto_ends_as_a_session_record_on_the_server()
    {
        await using var system = new RoomSystem(broker);
        await system.StartServerAsync();
        await system.StartEdgeAsync();
        await system.WaitForEdgeConfigurationAsync();

        await system.PlayScenarioAsync("demo.json");

        var session = await system.WaitForSessionAsync(
            s => Sessions.HasPupil(s, Fox) && Sessions.IsEnded(s), TimeSpan.FromSeconds(60), "Fox's ended session");
        Assert.Equal(["staff-olena"], Sessions.Strings(session, "escortStaffIds"));
        Assert.Equal(RoomSystem.RoomId, session.GetProperty("roomId").GetString());
        Assert.Equal("individual", session.GetProperty("kind").GetString(), ignoreCase: true);
        Assert.Equal(20, session.GetProperty("plannedMinutes").GetInt32());
        Assert.Contains("escort", session.GetProperty("endReason").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.InRange(session.GetProperty("actualSeconds").GetInt32(), 1, 60);

        // Then Owl and Bee together: one group session, planned by the policy's group length, pupils joined as they badged in.
        var group = await system.WaitForSessionAsync(
            s => Sessions.HasPupil(s, Bee) && Sessions.IsEnded(s), TimeSpan.FromSeconds(60), "Owl and Bee's ended group session");
        Assert.Equal("group", group.GetProperty("kind").GetString(), ignoreCase: true);
        Assert.Equal([Owl, Bee], Sessions.Strings(group, "pupilIds").Order(StringComparer.Ordinal));
        Assert.Equal(35, group.GetProperty("plannedMinutes").GetInt32());

        // Filtering by pupil: Fox has exactly this one session, Owl the group, Whale none.
        Assert.Single(await system.SessionsAsync(Fox));
        Assert.Equal(group.GetProperty("sessionId").GetString(), Assert.Single(await system.SessionsAsync(Owl)).GetProperty("sessionId").GetString());
        Assert.Empty(await system.SessionsAsync("p-e4a7b9"));
    }

    [Fact]
    public async Task Killing_the_server_mid_demo_loses_no_event_and_replayed_uploads_are_stored_once()
    {
        await using var system = new RoomSystem(broker);
        await system.StartServerAsync();
        await system.StartEdgeAsync();
        await system.WaitForEdgeConfigurationAsync();
        var outbox = new EdgeOutbox(system.EdgeDataDirectory);
        var server = new ServerRecords(system.ServerDatabase);

        // The scenario plays while the server is dead: the session starts and ends with nobody to upload to.
        var sim = system.StartScenario("demo.json");
        await system.WaitUntilAsync(async () => await outbox.CountAsync() > await server.EventCountAsync(), TimeSpan.FromSeconds(30),
            "an event the server does not hold yet");
        await system.KillServerAsync();
        Assert.Equal(0, await sim.WaitForExitAsync(TimeSpan.FromSeconds(90)));
        await system.WaitUntilAsync(async () => await outbox.HasSessionEndedAsync(), TimeSpan.FromSeconds(30), "the session end in the edge outbox");
        Assert.True(await outbox.PendingCountAsync() > 0, "the edge must hold unacknowledged events while the server is down");

        // The server comes back on the same database: the outbox drains and the session appears.
        await system.StartServerAsync();
        await system.WaitForSessionAsync(s => Sessions.HasPupil(s, Fox) && Sessions.IsEnded(s), TimeSpan.FromSeconds(60), "Fox's session after the restart");
        await system.WaitUntilAsync(async () => await outbox.PendingCountAsync() == 0, TimeSpan.FromSeconds(30), "the outbox draining");
        await AssertServerHoldsEveryEventOnce(outbox, server, system);

        // Now the worst case: every acknowledgement was lost on the way back, so the edge uploads its whole
        // outbox again, in overlapping batches, as a real edge replays after a timeout. Nothing may be stored twice.
        var events = await outbox.EventsAsync();
        var lastSequence = events[^1].Sequence;
        // As the edge itself: with the certificate it enrolled for (its data directory).
        using var identity = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(
            Path.Combine(system.EdgeDataDirectory, "edge.crt"), Path.Combine(system.EdgeDataDirectory, "edge.key"));
        using var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(
            identity.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12), null);
        using var channel = EdgeEnrolmentClient.Channel(system.GrpcUrl, system.CaCertificatePath, certificate);
        var gateway = new EdgeGateway.EdgeGatewayClient(channel);
        for (var first = 0; first < events.Count; first += 2)
        {
            var request = new UploadEventsRequest { EdgeId = RoomSystem.EdgeId };
            request.Events.AddRange(events.Skip(first).Take(3));
            var response = await gateway.UploadEventsAsync(request);
            Assert.True(response.AcknowledgedSequence >= lastSequence, $"ack {response.AcknowledgedSequence} < {lastSequence}");
        }

        await AssertServerHoldsEveryEventOnce(outbox, server, system);
        Assert.Single(await system.SessionsAsync(Fox));
        Assert.Equal(await outbox.CountAsync(), await server.EventCountAsync());
    }

    private static async Task AssertServerHoldsEveryEventOnce(EdgeOutbox outbox, ServerRecords server, RoomSystem system)
    {
        var edgeSequences = await outbox.SequencesAsync();
        var serverSequences = await server.SequencesAsync(RoomSystem.EdgeId);
        Assert.True(edgeSequences.Count > 0, system.Logs);
        // Every event the edge wrote up to its last acknowledged one is on the server exactly once, in order, without gaps.
        Assert.Equal(edgeSequences, serverSequences.Take(edgeSequences.Count).ToList());
        Assert.Equal(serverSequences.Count, serverSequences.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, serverSequences.Count).Select(i => (long)i), serverSequences);
    }
}

internal static class Sessions
{
    public static bool HasPupil(JsonElement session, string pupilId) => Strings(session, "pupilIds").Contains(pupilId);

    public static bool IsEnded(JsonElement session) =>
        session.TryGetProperty("endedAt", out var ended) && ended.ValueKind == JsonValueKind.String;

    public static IReadOnlyList<string> Strings(JsonElement session, string property) =>
        [.. session.GetProperty(property).EnumerateArray().Select(e => e.GetString() ?? string.Empty)];
}
