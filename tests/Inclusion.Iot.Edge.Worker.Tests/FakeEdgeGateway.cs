using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Grpc.Core;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Edge.Domain.Configuration;
using Inclusion.Iot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Inclusion.Iot.Edge.Worker.Tests;

/// <summary>
/// An in-process EdgeGateway on a random loopback port over TLS (a test CA's server certificate, client certificates
/// asked for), behaving like the server's ingest: duplicates skipped, the next sequence stored, a gap stops the batch;
/// answers with the high-water mark. <c>Enrol</c> signs any request with <see cref="EnrolmentCode"/>; the other calls
/// record which edge's certificate they carried.
/// </summary>
public sealed class FakeEdgeGateway : IAsyncDisposable
{
    public static readonly byte[] Salt = [7, 1, 4, 2, 8, 5, 7, 1, 4, 2, 8, 5];
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<EdgeEvent> _stored = [];

    private FakeEdgeGateway(int port)
    {
        Port = port;
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port, o =>
        {
            o.Protocols = HttpProtocols.Http2;
            o.UseHttps(TestCa.ServerCertificate, https =>
            {
                https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                https.ClientCertificateValidation = (_, _, _) => true;
            });
        }));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(this);
        _app = builder.Build();
        _app.MapGrpcService<Service>();
    }

    public int Port { get; }

    public string Url => $"https://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The test CA's certificate (PEM), for the edge's Server:CaCertificatePath.</summary>
    public static string CaPath => TestCa.CaPath;

    /// <summary>The code EdgeHarness configures (Server:EnrolmentCode); any other is refused PERMISSION_DENIED.</summary>
    public const string EnrolmentCode = "test-enrolment-code";

    public int EnrolCalls => Volatile.Read(ref _enrolCalls);

    /// <summary>When true, configuration calls are refused UNAUTHENTICATED, as a server that no longer takes the edge's certificate.</summary>
    public bool RefuseCertificates { get; set; }

    private int _enrolCalls;

    /// <summary>The edge id of each configuration and upload call's client certificate ("" for a call without one).</summary>
    public ConcurrentQueue<string> CallerCertificates { get; } = new();

    /// <summary>When false every call fails with Unavailable, as a server that is down.</summary>
    public bool Available { get; set; } = true;

    public long HighWater { get; set; }

    public ConfigurationSnapshot Snapshot { get; set; } = DemoSnapshot();

    public int ConfigurationCalls { get; private set; }

    /// <summary>The next this many uploads are refused RESOURCE_EXHAUSTED with <see cref="RetryAfterMs"/>, as a busy server.</summary>
    public int BusyUploads { get; set; }

    public int RetryAfterMs { get; set; } = 3000;

    /// <summary>When each upload call arrived (wall clock).</summary>
    public ConcurrentQueue<DateTimeOffset> UploadCalls { get; } = new();

    /// <summary>Per upload: its sent_monotonic_ms and the largest monotonic_ms of its events.</summary>
    public ConcurrentQueue<(long Sent, long LatestEvent)> UploadMonotonicMs { get; } = new();

    /// <summary>R-WEEK: the counts every configuration answer carries (null: none, as an older server).</summary>
    public WeekCounts? WeekCounts { get; set; }

    public IReadOnlyList<EdgeEvent> Stored
    {
        get
        {
            lock (_gate) return [.. _stored];
        }
    }

    public static async Task<FakeEdgeGateway> StartAsync(int? port = null)
    {
        var gateway = new FakeEdgeGateway(port ?? FreeTcpPort.Next());
        await gateway._app.StartAsync();
        return gateway;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public static ConfigurationSnapshot DemoSnapshot()
    {
        var snapshot = new ConfigurationSnapshot
        {
            Version = 3,
            OrganisationId = "org-demo",
            Room = new Contracts.Edge.V1.Room { RoomId = "room-sensory-1", Name = "Sensory room", Kind = RoomKind.Sensory, Capacity = 8 },
            BadgeSalt = ByteString.CopyFrom(Salt),
            // An idle scene brighter than Fox's level: Fox's arrival scene is Fox's own, so the tests see it at once.
            Policy = new RoomPolicy
            {
                EscortWindowSeconds = 5, OverrunLimitMinutes = 10, IndividualMinMinutes = 20, IndividualMaxMinutes = 25,
                IdleBrightnessPercent = 75, IdleColourTemperatureKelvin = 3000,
                GroupDefaultMinutes = 36, ExtendStepMinutes = 6, GroupMinMinutes = 30, GroupMaxMinutes = 45,
            },
            TimeZone = "Europe/Kyiv",
        };
        var olena = new Contracts.Edge.V1.StaffMember { StaffId = "staff-olena", DisplayName = "Olena P.", BadgeHash = Hash("04A1B2C3"), Role = StaffRole.Specialist };
        olena.Permissions.Add([StaffPermission.Escort, StaffPermission.RunSessions, StaffPermission.Override]);
        snapshot.Staff.Add(olena);
        // R-SCHED out of the way for tests of everything else: both pupils have a slot all day, every day.
        var anyTime = Enumerable.Range(1, 7).Select(day => new Contracts.Edge.V1.ScheduleSlot { IsoDayOfWeek = day, StartMinute = 0, DurationMinutes = 24 * 60, Kind = Contracts.Edge.V1.SessionKind.Individual }).ToList();
        snapshot.Pupils.Add(new Pupil
        {
            PupilId = "p-3f9a1c",
            DisplayName = "Fox",
            SupportLevel = 2,
            BadgeHash = Hash("04110001"),
            IndividualSessionMinutes = 20,
            ProgrammeEntryId = "pe-fox",
            SensoryProfile = new Contracts.Edge.V1.SensoryProfile { Brightness = 180, ColorTempMireds = 300, MinTransitionSeconds = 3, TimerStyle = TimerStyle.Digits },
        });
        snapshot.Pupils.Add(new Pupil
        {
            PupilId = "p-c81f05",
            DisplayName = "Bee",
            SupportLevel = 4,
            BadgeHash = Hash("04110003"),
            IndividualSessionMinutes = 20,
            SensoryProfile = new Contracts.Edge.V1.SensoryProfile { Brightness = 80, ColorTempMireds = 420, MinTransitionSeconds = 8, TimerStyle = TimerStyle.Colours },
        });
        foreach (var pupil in snapshot.Pupils) pupil.Schedule.AddRange(anyTime);
        return snapshot;
    }

    private static ByteString Hash(string uid) => ByteString.CopyFrom(BadgeHash.Compute(Salt, uid));

    private sealed class Service(FakeEdgeGateway gateway) : EdgeGateway.EdgeGatewayBase
    {
        public override Task<EnrolResponse> Enrol(EnrolRequest request, ServerCallContext context)
        {
            gateway.ThrowIfDown();
            Interlocked.Increment(ref gateway._enrolCalls);
            if (request.EnrolmentCode != EnrolmentCode) throw new RpcException(new Status(StatusCode.PermissionDenied, "The enrolment code is not this edge's."));
            var issued = TestCa.Issue(request.EdgeId, request.CertificateSigningRequest.ToByteArray());
            return Task.FromResult(new EnrolResponse { Certificate = ByteString.CopyFrom(issued), CaCertificate = ByteString.CopyFrom(TestCa.Ca.RawData) });
        }

        public override Task<GetConfigurationResponse> GetConfiguration(GetConfigurationRequest request, ServerCallContext context)
        {
            gateway.ThrowIfDown();
            gateway.CallerCertificates.Enqueue(Caller(context));
            if (gateway.RefuseCertificates) throw new RpcException(new Status(StatusCode.Unauthenticated, "The client certificate of edge edge-sensory-1 has expired."));
            gateway.ConfigurationCalls++;
            var unchanged = request.KnownVersion == gateway.Snapshot.Version;
            return Task.FromResult(new GetConfigurationResponse
            {
                Unchanged = unchanged,
                Snapshot = unchanged ? null : gateway.Snapshot,
                AcknowledgedSequence = gateway.HighWater,
                WeekCounts = gateway.WeekCounts,
            });
        }

        public override Task<UploadEventsResponse> UploadEvents(UploadEventsRequest request, ServerCallContext context)
        {
            gateway.ThrowIfDown();
            gateway.CallerCertificates.Enqueue(Caller(context));
            gateway.UploadCalls.Enqueue(DateTimeOffset.UtcNow);
            if (gateway.BusyUploads > 0)
            {
                gateway.BusyUploads--;
                throw new RpcException(
                    new Status(StatusCode.ResourceExhausted, "busy"),
                    new Metadata { { "retry-after-ms", gateway.RetryAfterMs.ToString(CultureInfo.InvariantCulture) } });
            }

            gateway.UploadMonotonicMs.Enqueue((request.SentMonotonicMs, request.Events.Count == 0 ? 0 : request.Events.Max(e => e.MonotonicMs)));
            lock (gateway._gate)
            {
                foreach (var e in request.Events)
                {
                    if (e.Sequence <= gateway.HighWater) continue;
                    if (e.Sequence != gateway.HighWater + 1) break;
                    gateway._stored.Add(e);
                    gateway.HighWater = e.Sequence;
                }

                return Task.FromResult(new UploadEventsResponse { AcknowledgedSequence = gateway.HighWater });
            }
        }
    }

    private void ThrowIfDown()
    {
        if (!Available) throw new RpcException(new Status(StatusCode.Unavailable, "fake server is down"));
    }

    private static string Caller(ServerCallContext context) =>
        context.GetHttpContext().Connection.ClientCertificate?.GetNameInfo(X509NameType.SimpleName, false) ?? string.Empty;

    /// <summary>One CA per test process: its certificate in a temporary PEM file, a server certificate for loopback.</summary>
    private static class TestCa
    {
        public static readonly X509Certificate2 Ca;
        public static readonly X509Certificate2 ServerCertificate;
        public static readonly string CaPath;

        static TestCa()
        {
            using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var caRequest = new CertificateRequest("CN=Edge tests CA", caKey, HashAlgorithmName.SHA256);
            caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
            Ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
            using var issued = request.Create(Ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(300), RandomNumberGenerator.GetBytes(8));
            using var withKey = issued.CopyWithPrivateKey(key);
            ServerCertificate = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
            CaPath = Path.Combine(Path.GetTempPath(), $"inclusion-edge-tests-ca-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.crt");
            File.WriteAllText(CaPath, Ca.ExportCertificatePem());
        }

        public static byte[] Issue(string edgeId, byte[] csr)
        {
            var request = CertificateRequest.LoadSigningRequest(csr, HashAlgorithmName.SHA256);
            var client = new CertificateRequest(new X500DistinguishedName($"CN={edgeId}"), request.PublicKey, HashAlgorithmName.SHA256);
            client.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
            using var issued = client.Create(Ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(300), RandomNumberGenerator.GetBytes(8));
            return issued.RawData;
        }
    }
}
