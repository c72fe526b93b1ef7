// The ingest bench's driver (bench/ingest.sh starts PostgreSQL and the server, then this):
//   1. creates N edges in the server's database, as the demo seed does (a row in edges, in the demo room), each with a
//      client certificate from the installation's CA (--security, the server's Security:DataDirectory) recorded on its
//      credential row as an enrolment would: the gateway answers enrolled edges over TLS only;
//   2. runs N simulated edges, each on its own gRPC connection, uploading batches of contiguous events of the kinds a
//      room records: first for a warm-up (counted apart: a freshly started .NET server spends its first tens of seconds
//      compiling its hot code again at full optimisation), then for the measured time, without a pause between the two;
//      RESOURCE_EXHAUSTED is retried after the server's retry-after-ms;
//   3. binary-COPYs as many comparable rows into a scratch table shaped like raw_events: the limit (after a short
//      untimed COPY, so that the limit is not slowed by the driver's own first compilation either);
//   4. holds M idle gRPC connections (keep-alive pings) and reads the server's resident memory from /proc.
// Prints "figure: name=value" lines.
using System.Diagnostics;
using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Inclusion.Iot.Contracts.Edge.V1;
using Npgsql;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"bench: {e.Message}");
    return 2;
}

var invariant = CultureInfo.InvariantCulture;
const string RoomId = "room-sensory-1";

await using var dataSource = NpgsqlDataSource.Create(options.Database);
var edgeCount = Math.Max(options.Edges, options.IdleEdges);
await using (var create = dataSource.CreateCommand(
    "INSERT INTO edges (id, room_id, high_water_sequence) SELECT 'bench-edge-' || lpad(i::text, 5, '0'), @room, 0 FROM generate_series(1, @n) i ON CONFLICT (id) DO NOTHING"))
{
    create.Parameters.AddWithValue("room", RoomId);
    create.Parameters.AddWithValue("n", edgeCount);
    await create.ExecuteNonQueryAsync();
}

string EdgeId(int i) => $"bench-edge-{i + 1:D5}";

// Each edge's certificate, issued here by the CA the server made (what Enrol would have signed) and recorded as enrolled.
using var ca = X509Certificate2.CreateFromPemFile(Path.Combine(options.Security, "ca.crt"), Path.Combine(options.Security, "ca.key"));
using var caPublic = X509CertificateLoader.LoadCertificate(ca.RawData);
var certificates = new X509Certificate2[edgeCount];
await using (var batch = dataSource.CreateBatch())
{
    for (var i = 0; i < edgeCount; i++)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={EdgeId(i)}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(key);
        certificates[i] = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        var insert = new NpgsqlBatchCommand(
            "INSERT INTO edge_credentials (edge_id, certificate_thumbprint, certificate_serial) VALUES (@id, @thumbprint, @serial) "
            + "ON CONFLICT (edge_id) DO UPDATE SET certificate_thumbprint = excluded.certificate_thumbprint, certificate_serial = excluded.certificate_serial, revoked_at = NULL");
        insert.Parameters.AddWithValue("id", EdgeId(i));
        insert.Parameters.AddWithValue("thumbprint", Convert.ToHexString(issued.GetCertHash(HashAlgorithmName.SHA256)));
        insert.Parameters.AddWithValue("serial", issued.SerialNumber);
        batch.BatchCommands.Add(insert);
    }

    await batch.ExecuteNonQueryAsync();
}
Console.Error.WriteLine($"bench: {options.Edges} edges, batches of {options.Batch}, {options.Warmup} s warm-up, then {options.Seconds} s measured…");

// 2. Ingest over gRPC.
var latencies = new List<double>[options.Edges];
var acknowledged = new long[options.Edges];
var refusals = 0L;
var channels = Enumerable.Range(0, options.Edges).Select(i => Channel(options.Grpc, caPublic, certificates[i])).ToArray();
using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(options.Warmup + options.Seconds));
using var hardStop = new CancellationTokenSource(TimeSpan.FromSeconds(options.Warmup + options.Seconds + 60));
// The measured window opens when the warm-up ends: an upload counts in it if it was sent after that.
var windowOpens = Stopwatch.GetTimestamp() + (long)(options.Warmup * (double)Stopwatch.Frequency);
var warmupAcknowledged = new long[options.Edges];
var uploading = Task.WhenAll(Enumerable.Range(0, options.Edges).Select(i => Task.Run(async () =>
{
    var client = new EdgeGateway.EdgeGatewayClient(channels[i]);
    var mine = latencies[i] = [];
    var next = 1L;
    while (!stop.IsCancellationRequested)
    {
        var request = new UploadEventsRequest { EdgeId = EdgeId(i) };
        request.Events.AddRange(EventBatch.Create(i, next, options.Batch));
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                var response = await client.UploadEventsAsync(request, cancellationToken: hardStop.Token);
                if (response.AcknowledgedSequence != next + options.Batch - 1)
                {
                    throw new InvalidOperationException($"{EdgeId(i)}: acknowledged {response.AcknowledgedSequence}, expected {next + options.Batch - 1}");
                }

                break;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                Interlocked.Increment(ref refusals);
                var hint = int.TryParse(e.Trailers.GetValue("retry-after-ms"), NumberStyles.Integer, invariant, out var ms) ? ms : 100;
                // Jittered, as many edges are told the same.
                await Task.Delay(hint / 2 + Random.Shared.Next(hint), hardStop.Token);
            }
        }

        next += options.Batch;
        if (started >= windowOpens)
        {
            mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            acknowledged[i] += options.Batch;
        }
        else
        {
            warmupAcknowledged[i] += options.Batch;
        }
    }
})));
await Task.Delay(TimeSpan.FromSeconds(options.Warmup));
var cpuBefore = (Server: CpuSeconds(options.ServerPid), Postgres: PostgresCpuSeconds(), Driver: Environment.CpuUsage.TotalTime.TotalSeconds);
var clock = Stopwatch.StartNew();
await uploading;
var elapsed = clock.Elapsed.TotalSeconds;
var cpu = (Server: CpuSeconds(options.ServerPid) - cpuBefore.Server, Postgres: PostgresCpuSeconds() - cpuBefore.Postgres,
    Driver: Environment.CpuUsage.TotalTime.TotalSeconds - cpuBefore.Driver);
var serverRss = Rss(options.ServerPid);
foreach (var channel in channels) channel.Dispose();

var ingested = acknowledged.Sum();
var all = latencies.SelectMany(l => l).Order().ToList();
var ingestRate = ingested / elapsed;
var warmupRate = options.Warmup == 0 ? double.NaN : warmupAcknowledged.Sum() / (double)options.Warmup;
Console.Error.WriteLine($"bench: ingested {warmupAcknowledged.Sum()} events in the warm-up, then {ingested} in {elapsed:F1} s ({all.Count} batches, {refusals} RESOURCE_EXHAUSTED retries).");

// 3. The limit: the same number of comparable rows (same columns, payloads from the same generator) in one binary COPY.
await using (var scratch = dataSource.CreateCommand("DROP TABLE IF EXISTS bench_copy; CREATE TABLE bench_copy (LIKE raw_events INCLUDING ALL)"))
{
    await scratch.ExecuteNonQueryAsync();
}

var template = EventBatch.Create(0, 1, options.Batch).Select(e => (Kind: e.BodyCase.ToString(), Payload: e.ToByteArray())).ToArray();
await CopyAsync(Math.Min(ingested, 50_000), firstSequence: -1_000_000_000); // untimed: the driver's COPY path compiled
var copyClock = Stopwatch.StartNew();
await CopyAsync(ingested, firstSequence: 1);
var copyRate = ingested / copyClock.Elapsed.TotalSeconds;
await using (var drop = dataSource.CreateCommand("DROP TABLE bench_copy"))
{
    await drop.ExecuteNonQueryAsync();
}

async Task CopyAsync(long rows, long firstSequence)
{
    var now = DateTime.UtcNow;
    await using var connection = await dataSource.OpenConnectionAsync();
    await using var transaction = await connection.BeginTransactionAsync();
    await using (var import = await connection.BeginBinaryImportAsync("COPY bench_copy (edge_id, sequence, kind, occurred_at, received_at, payload) FROM STDIN (FORMAT BINARY)"))
    {
        for (long row = 0; row < rows; row++)
        {
            var (kind, payload) = template[row % template.Length];
            await import.StartRowAsync();
            await import.WriteAsync(EdgeId((int)(row % options.Edges)));
            await import.WriteAsync(firstSequence + row / options.Edges);
            await import.WriteAsync(kind);
            await import.WriteAsync(now);
            await import.WriteAsync(now);
            await import.WriteAsync(payload);
        }

        await import.CompleteAsync();
    }

    await transaction.CommitAsync();
}

// 4. Idle edges: M connections, each having made one configuration pull, then held with keep-alive pings.
Console.Error.WriteLine($"bench: holding {options.IdleEdges} idle gRPC connections for {options.IdleSeconds} s…");
var idle = Enumerable.Range(0, options.IdleEdges).Select(i => Channel(options.Grpc, caPublic, certificates[i])).ToArray();
var known = (await new EdgeGateway.EdgeGatewayClient(idle[0]).GetConfigurationAsync(new GetConfigurationRequest { EdgeId = EdgeId(0) })).Snapshot.Version;
using (var gate = new SemaphoreSlim(50))
{
    await Task.WhenAll(idle.Select((channel, i) => Task.Run(async () =>
    {
        await gate.WaitAsync();
        try
        {
            await new EdgeGateway.EdgeGatewayClient(channel).GetConfigurationAsync(new GetConfigurationRequest { EdgeId = EdgeId(i), KnownVersion = known });
        }
        finally
        {
            gate.Release();
        }
    })));
}

await Task.Delay(TimeSpan.FromSeconds(options.IdleSeconds));
var idleRss = Rss(options.ServerPid);
var connected = ServerConnections(options.Grpc);
foreach (var channel in idle) channel.Dispose();

Console.WriteLine(string.Create(invariant, $"figure: ingest_events_per_s={ingestRate:F0}"));
Console.WriteLine(string.Create(invariant, $"figure: copy_rows_per_s={copyRate:F0}"));
Console.WriteLine(string.Create(invariant, $"figure: warmup_events_per_s={warmupRate:F0}"));
Console.WriteLine(string.Create(invariant, $"figure: ratio={ingestRate / copyRate:F2}"));
Console.WriteLine(string.Create(invariant, $"figure: ack_p50_ms={Percentile(all, 0.50):F1}"));
Console.WriteLine(string.Create(invariant, $"figure: ack_p99_ms={Percentile(all, 0.99):F1}"));
Console.WriteLine(string.Create(invariant, $"figure: resource_exhausted_retries={refusals}"));
Console.WriteLine(string.Create(invariant, $"figure: ingest_cpu_cores_server={cpu.Server / elapsed:F2}"));
Console.WriteLine(string.Create(invariant, $"figure: ingest_cpu_cores_postgres={cpu.Postgres / elapsed:F2}"));
Console.WriteLine(string.Create(invariant, $"figure: ingest_cpu_cores_driver={cpu.Driver / elapsed:F2}"));
Console.WriteLine(string.Create(invariant, $"figure: server_rss_mib={serverRss:F1}"));
Console.WriteLine(string.Create(invariant, $"figure: rss_1000_edges_mib={idleRss:F1}"));
Console.WriteLine(string.Create(invariant, $"figure: idle_connections_established={connected}"));
return 0;

static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

static double Rss(int pid)
{
    var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
}

// User + system CPU of a process, from /proc/PID/stat (fields 14 and 15, in clock ticks of 1/100 s).
static double CpuSeconds(int pid)
{
    try
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
    catch (IOException)
    {
        return 0; // The process ended between listing and reading.
    }
}

// Every PostgreSQL process on the machine (the bench's cluster is the only one it starts).
static double PostgresCpuSeconds() => Directory.EnumerateDirectories("/proc")
    .Select(Path.GetFileName)
    .Where(name => name!.All(char.IsAsciiDigit))
    .Select(name => int.Parse(name!, CultureInfo.InvariantCulture))
    .Where(pid => File.Exists($"/proc/{pid}/comm") && SafeRead($"/proc/{pid}/comm").StartsWith("postgres", StringComparison.Ordinal))
    .Sum(CpuSeconds);

static string SafeRead(string path)
{
    try
    {
        return File.ReadAllText(path);
    }
    catch (IOException)
    {
        return string.Empty;
    }
}

// Established TCP connections to the server's gRPC port, from /proc/net/tcp (both ends are on this machine).
static int ServerConnections(Uri grpc)
{
    var port = grpc.Port.ToString("X4", CultureInfo.InvariantCulture);
    return File.ReadLines("/proc/net/tcp").Skip(1)
        .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .Count(f => f[1].EndsWith(":" + port, StringComparison.Ordinal) && f[3] == "01");
}

// One HTTP/2 connection per channel over TLS (the server trusted through the pinned CA only, the edge's certificate
// presented), kept open and pinged like an edge's.
static GrpcChannel Channel(Uri address, X509Certificate2 ca, X509Certificate2 client) => GrpcChannel.ForAddress(address, new GrpcChannelOptions
{
    HttpHandler = new SocketsHttpHandler
    {
        PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        KeepAlivePingDelay = TimeSpan.FromSeconds(5),
        KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
        EnableMultipleHttp2Connections = false,
        SslOptions = new SslClientAuthenticationOptions
        {
            LocalCertificateSelectionCallback = (_, _, _, _, _) => client,
            RemoteCertificateValidationCallback = (_, presented, _, errors) =>
            {
                if (presented is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) return false;
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                using var leaf = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
                return chain.Build(leaf);
            },
        },
    },
    MaxReceiveMessageSize = 16 * 1024 * 1024,
    DisposeHttpClient = true,
});

/// <summary>A room's events: a session per batch (started, pupils and an escort joining, extended, ended) among
/// timer, badge, occupancy and device events, as the edge's outbox holds them.</summary>
internal static class EventBatch
{
    private static readonly DateTime Origin = new(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc);

    public static IEnumerable<EdgeEvent> Create(int edge, long first, int count)
    {
        var session = $"s-{edge:D5}-{first:D9}";
        for (var i = 0; i < count; i++)
        {
            var sequence = first + i;
            var e = new EdgeEvent
            {
                Sequence = sequence,
                OccurredAt = Timestamp.FromDateTime(Origin.AddMilliseconds(sequence * 250)),
                MonotonicMs = sequence * 250,
                ClockSynchronised = true,
                RoomId = "room-sensory-1",
            };
            switch (i)
            {
                case 0:
                    e.SessionStarted = new SessionStarted
                    {
                        SessionId = session, Kind = SessionKind.Group, PupilIds = { "p-3f9a1c" }, EscortStaffIds = { "staff-olena" },
                        PlannedMinutes = 20, Brightness = 180, ColorTempMireds = 300, ProgrammeEntryIds = { "ipr-p-3f9a1c-sensory" },
                    };
                    break;
                case 1:
                    e.PupilJoined = new PupilJoined { SessionId = session, PupilId = "p-7b2e4d", EscortStaffId = "staff-ivan" };
                    break;
                case 2:
                    e.EscortJoined = new EscortJoined { SessionId = session, StaffId = "staff-ivan" };
                    break;
                case 3:
                    e.PupilJoined = new PupilJoined { SessionId = session, PupilId = "p-c81f05", EscortStaffId = "staff-ivan" };
                    break;
                case 200:
                    e.SessionExtended = new SessionExtended { SessionId = session, AddedMinutes = 5, PlannedMinutes = 25 };
                    break;
                case var last when last == count - 1 && count > 4:
                    e.SessionEnded = new SessionEnded { SessionId = session, Reason = SessionEndReason.EndedOnPanel, ActualSeconds = 1500, EndedByStaffId = "staff-olena" };
                    break;
                default:
                    switch (i % 4)
                    {
                        case 0:
                            e.TimerPhaseChanged = new TimerPhaseChanged { SessionId = session, Phase = TimerPhase.Running };
                            break;
                        case 1:
                            e.BadgeAccepted = new BadgeAccepted { Reader = "door-reader", HolderKind = BadgeHolderKind.Pupil, HolderId = "p-3f9a1c" };
                            break;
                        case 2:
                            e.OccupancyChanged = new OccupancyChanged { Sensor = "presence", Occupied = i % 8 == 2 };
                            break;
                        default:
                            e.DeviceAvailabilityChanged = new DeviceAvailabilityChanged { Device = "lights-zone-1", Online = true };
                            break;
                    }

                    break;
            }

            yield return e;
        }
    }
}

internal sealed record BenchOptions(Uri Grpc, string Database, string Security, int ServerPid, int Edges, int Batch, int Warmup, int Seconds, int IdleEdges, int IdleSeconds)
{
    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        string Required(string key) => values.TryGetValue(key, out var v) ? v : throw new ArgumentException($"--{key} is required");
        int Number(string key, int fallback, int min, int max)
        {
            var n = values.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
            return n >= min && n <= max ? n : throw new ArgumentException($"--{key} must be {min}..{max} (it is {n})");
        }

        return new BenchOptions(
            new Uri(Required("grpc")), Required("db"), Required("security"), Number("server-pid", 0, 1, int.MaxValue),
            Number("edges", 200, 1, 5000), Number("batch", 500, 1, 10_000), Number("warmup", 30, 0, 600), Number("seconds", 20, 1, 600),
            Number("idle-edges", 1000, 1, 5000), Number("idle-seconds", 10, 1, 600));
    }
}
