using System.Net;
using Grpc.Net.Client;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Testing;

namespace Inclusion.Iot.Server.Tests;

/// <summary>The whole host with <c>Storage:Provider=PostgreSql</c>: migrations, seed, ingest and the API on PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlServerHostTests(PostgresFixture postgres)
{
    [Fact]
    public async Task The_server_runs_on_postgresql_end_to_end()
    {
        var storage = new StorageOptions { Provider = "PostgreSql", ConnectionString = await postgres.CreateDatabaseAsync() };
        using var server = new ServerFactory(storage);
        using var client = server.CreateClient();
        using (var health = await client.GetAsync(new Uri("/health", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        using var channel = await server.EdgeChannelAsync();
        var gateway = new EdgeGateway.EdgeGatewayClient(channel);
        Assert.Equal(12, (await gateway.GetConfigurationAsync(new GetConfigurationRequest { EdgeId = "edge-sensory-1" })).Snapshot.Pupils.Count);
        var upload = new UploadEventsRequest { EdgeId = "edge-sensory-1", Events = { Events.Started(1, "s-pg"), Events.Ended(2, "s-pg") } };
        Assert.Equal(2, (await gateway.UploadEventsAsync(upload)).AcknowledgedSequence);
        Assert.Equal(2, (await gateway.UploadEventsAsync(upload)).AcknowledgedSequence);

        using var signedIn = await server.TokenClientAsync(AccountRole.Administrator);
        var json = await signedIn.GetStringAsync(new Uri("/api/sessions?pupilId=p-3f9a1c", UriKind.Relative));
        Assert.Contains("\"sessionId\":\"s-pg\"", json, StringComparison.Ordinal);
        Assert.Contains("\"endedAt\":\"", json, StringComparison.Ordinal);
    }
}
