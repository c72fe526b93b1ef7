using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Testing;
using Npgsql;

namespace Inclusion.Iot.EndToEnd.Tests;

/// <summary>
/// The server is stateless: two server processes on one PostgreSQL, edges uploading to both at once, one edge switching
/// server mid-stream and re-sending what the first never acknowledged, another sending the same batch to both at the same
/// moment. Every event is stored once, with no gap, and each edge's high-water mark is its last sequence.
/// </summary>
public sealed class TwoServersTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private const string RoomId = "room-sensory-1";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly List<ChildProcess> _servers = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private string _database = string.Empty;

    public async Task InitializeAsync() => _database = await postgres.CreateDatabaseAsync();

    private readonly ScratchDirectory _scratch = new("two-servers");

    /// <summary>One database and one installation CA for both servers: an edge's certificate is good at either.</summary>
    private string[] ServerArguments =>
        ["--Storage:Provider=PostgreSql", $"--Storage:ConnectionString={_database}", $"--Security:DataDirectory={_scratch.File("security")}"];

    private async Task<Uri> StartServerAsync()
    {
        var admin = new Uri($"http://127.0.0.1:{FreeTcpPort.Next().ToString(CultureInfo.InvariantCulture)}");
        var grpc = new Uri($"https://127.0.0.1:{FreeTcpPort.Next().ToString(CultureInfo.InvariantCulture)}");
        var output = RepositoryLayout.Output("server/Inclusion.Iot.Server.Api");
        var server = ChildProcess.Start(
            "dotnet",
            [
                Path.Combine(output, "Inclusion.Iot.Server.Api.dll"),
                .. ServerArguments,
                $"--Kestrel:Endpoints:Admin:Url={admin.ToString().TrimEnd('/')}",
                $"--Kestrel:Endpoints:Grpc:Url={grpc.ToString().TrimEnd('/')}",
                "--Demo:Seed=true",
            ],
            workingDirectory: output);
        _servers.Add(server);
        await Readiness.WaitAsync(server, $"the server at {admin}", async ct =>
        {
            using var response = await _http.GetAsync(new Uri(admin, "/health"), ct);
            return response.IsSuccessStatusCode;
        }, StartTimeout);
        return grpc;
    }

    private static IEnumerable<EdgeEvent> Events(long from, long to) =>
        Enumerable.Range((int)from, (int)(to - from + 1)).Select(i => new EdgeEvent
        {
            Sequence = i,
            OccurredAt = Timestamp.FromDateTime(new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc).AddSeconds(i)),
            MonotonicMs = i * 1000L,
            ClockSynchronised = true,
            RoomId = RoomId,
            BadgeAccepted = new BadgeAccepted { Reader = "entry-reader", HolderKind = BadgeHolderKind.Staff, HolderId = "staff-olena" },
        });

    private static async Task<long> UploadAsync(Func<string, EdgeGateway.EdgeGatewayClient> gateway, string edgeId, long from, long to)
    {
        var server = gateway(edgeId);
        var request = new UploadEventsRequest { EdgeId = edgeId };
        request.Events.AddRange(Events(from, to));
        var response = await server.UploadEventsAsync(request, deadline: DateTime.UtcNow.AddSeconds(30));
        return response.AcknowledgedSequence;
    }

    [Fact]
    public async Task Edges_uploading_to_two_servers_on_one_database_store_every_event_once_with_no_gap()
    {
        var first = await StartServerAsync();
        var second = await StartServerAsync();
        string[] edges = ["two-edge-switching", "two-edge-alternating", "two-edge-second", "two-edge-racing"];
        // Each edge enrolled as IT staff and the edge would: create-edge, then Enrol at the first server.
        var caPath = Path.Combine(_scratch.File("security"), "ca.crt");
        var channels = new List<GrpcChannel>();
        var clients = new Dictionary<(Uri, string), EdgeGateway.EdgeGatewayClient>();
        foreach (var edge in edges)
        {
            var code = await EdgeEnrolmentClient.CreateEdgeAsync(ServerArguments, RoomId, edge);
            var certificate = await EdgeEnrolmentClient.EnrolAsync(first, caPath, edge, code);
            foreach (var server in new[] { first, second })
            {
                var channel = EdgeEnrolmentClient.Channel(server, caPath, certificate);
                channels.Add(channel);
                clients[(server, edge)] = new EdgeGateway.EdgeGatewayClient(channel);
            }
        }

        EdgeGateway.EdgeGatewayClient a(string edge) => clients[(first, edge)];
        EdgeGateway.EdgeGatewayClient b(string edge) => clients[(second, edge)];

        async Task Switching()
        {
            for (var start = 1; start <= 75; start += 25) Assert.Equal(start + 24, await UploadAsync(a, edges[0], start, start + 24));
            // 76..100 reach the first server, but the edge never hears the acknowledgement and moves to the second,
            // sending them again with the rest.
            await UploadAsync(a, edges[0], 76, 100);
            Assert.Equal(100, await UploadAsync(b, edges[0], 51, 100));
            for (var start = 101; start <= 200; start += 25) Assert.Equal(start + 24, await UploadAsync(b, edges[0], start, start + 24));
        }

        async Task Alternating()
        {
            for (var start = 1; start <= 200; start += 20) Assert.Equal(start + 19, await UploadAsync(start % 40 == 1 ? a : b, edges[1], start, start + 19));
        }

        async Task SecondOnly()
        {
            for (var start = 1; start <= 200; start += 50) Assert.Equal(start + 49, await UploadAsync(b, edges[2], start, start + 49));
        }

        async Task Racing()
        {
            // The same batches to both servers at the same moment: the edge's row lock orders them, the second stores nothing.
            for (var start = 1; start <= 200; start += 40)
            {
                var acks = await Task.WhenAll(UploadAsync(a, edges[3], start, start + 39), UploadAsync(b, edges[3], start, start + 39));
                Assert.Equal([start + 39L, start + 39L], acks);
            }
        }

        await Task.WhenAll(Switching(), Alternating(), SecondOnly(), Racing());
        foreach (var channel in channels) channel.Dispose();

        await using var read = new NpgsqlConnection(_database);
        await read.OpenAsync();
        foreach (var edge in edges)
        {
            var sequences = new List<long>();
            await using (var query = new NpgsqlCommand("SELECT sequence FROM raw_events WHERE edge_id = @id ORDER BY sequence", read))
            {
                query.Parameters.AddWithValue("id", edge);
                await using var reader = await query.ExecuteReaderAsync();
                while (await reader.ReadAsync()) sequences.Add(reader.GetInt64(0));
            }

            Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), sequences);
            await using var mark = new NpgsqlCommand("SELECT high_water_sequence FROM edges WHERE id = @id", read);
            mark.Parameters.AddWithValue("id", edge);
            Assert.Equal(200L, await mark.ExecuteScalarAsync());
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _servers) await server.DisposeAsync();
        _http.Dispose();
        _scratch.Dispose();
    }
}
