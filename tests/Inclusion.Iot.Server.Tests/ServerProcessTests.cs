using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Testing;
using Microsoft.Data.Sqlite;

namespace Inclusion.Iot.Server.Tests;

/// <summary>The built server as its own process, the way demo.sh and the edges use it: Kestrel endpoints from configuration.</summary>
public sealed class ServerProcessTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new("server-process");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _scratch.Dispose();
    }

    [Theory]
    [InlineData("en_US.UTF-8", "Configuration error: Storage:Provider is 'Oracle': it must be 'Sqlite' or 'PostgreSql'.")]
    [InlineData("uk_UA.UTF-8", "Помилка конфігурації: Параметр Storage:Provider дорівнює 'Oracle', а має бути 'Sqlite' або 'PostgreSql'.")]
    [InlineData("ru_RU.UTF-8", "Ошибка конфигурации: Параметр Storage:Provider равен 'Oracle', а должен быть 'Sqlite' или 'PostgreSql'.")]
    public async Task A_bad_storage_provider_stops_start_up_with_a_message_naming_the_key_in_the_language_of_LC_ALL(string locale, string message)
    {
        await using var server = Start(
            new Dictionary<string, string> { ["LC_ALL"] = locale },
            "--Storage:Provider=Oracle",
            $"--Storage:ConnectionString=Data Source={_scratch.File("bad.db")}");
        var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.NotEqual(0, exitCode);
        Assert.Contains(message, server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_serves_health_on_the_admin_endpoint_and_the_gateway_over_tls_to_an_edge_enrolled_with_create_edge()
    {
        var admin = FreeTcpPort.Next();
        var grpc = FreeTcpPort.Next();
        var database = $"--Storage:ConnectionString=Data Source={_scratch.File(Path.Combine("new-directory", "server.db"))}";
        var security = $"--Security:DataDirectory={_scratch.File("security")}";
        await using var server = Start(
            "--Storage:Provider=Sqlite",
            database,
            security,
            $"--Kestrel:Endpoints:Admin:Url=http://127.0.0.1:{admin.ToString(CultureInfo.InvariantCulture)}",
            $"--Kestrel:Endpoints:Grpc:Url=https://127.0.0.1:{grpc.ToString(CultureInfo.InvariantCulture)}",
            "--Demo:Seed=true");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var adminUrl = new Uri($"http://127.0.0.1:{admin.ToString(CultureInfo.InvariantCulture)}");
        await Readiness.WaitAsync(server, $"the server at {adminUrl}", async ct =>
        {
            using var response = await http.GetAsync(new Uri(adminUrl, "/health"), ct);
            return response.IsSuccessStatusCode;
        }, TimeSpan.FromSeconds(60));
        Assert.True(File.Exists(_scratch.File(Path.Combine("new-directory", "server.db"))));

        // IT staff issue the demo edge's code; the command prints it once, with where the CA certificate is.
        string output;
        await using (var create = Start(English, "create-edge", "--room", "room-sensory-1", "--edge", "edge-sensory-1", "--Storage:Provider=Sqlite", database, security))
        {
            Assert.Equal(0, await create.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            output = create.Output;
        }

        var code = System.Text.RegularExpressions.Regex.Match(output, "One-time enrolment code: ([0-9a-f-]{39})").Groups[1].Value;
        Assert.NotEmpty(code);
        Assert.Contains(_scratch.File(Path.Combine("security", "ca.crt")), output, StringComparison.Ordinal);
        using var ca = X509CertificateLoader.LoadCertificateFromFile(_scratch.File(Path.Combine("security", "ca.crt")));

        var grpcUrl = new Uri($"https://127.0.0.1:{grpc.ToString(CultureInfo.InvariantCulture)}");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        EnrolResponse enrolled;
        using (var anonymous = GrpcChannel.ForAddress(grpcUrl, new GrpcChannelOptions { HttpHandler = Pinned(ca, null) }))
        {
            enrolled = await new EdgeGateway.EdgeGatewayClient(anonymous).EnrolAsync(new EnrolRequest
            {
                EdgeId = "edge-sensory-1",
                EnrolmentCode = code,
                CertificateSigningRequest = Google.Protobuf.ByteString.CopyFrom(EdgeCertificates.SigningRequest(key)),
            });
        }

        using var certificate = EdgeCertificates.WithKey(enrolled.Certificate.ToByteArray(), key);
        using (var channel = GrpcChannel.ForAddress(grpcUrl, new GrpcChannelOptions { HttpHandler = Pinned(ca, certificate) }))
        {
            var reply = await new EdgeGateway.EdgeGatewayClient(channel).GetConfigurationAsync(new GetConfigurationRequest { EdgeId = "edge-sensory-1" });
            Assert.Equal("room-sensory-1", reply.Snapshot.Room.RoomId);
        }

        // revoke-edge: from the next call on, the certificate is refused.
        await using (var revoke = Start(English, "revoke-edge", "--edge", "edge-sensory-1", "--Storage:Provider=Sqlite", database, security))
        {
            Assert.Equal(0, await revoke.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("Edge edge-sensory-1 revoked", revoke.Output, StringComparison.Ordinal);
        }

        using (var channel = GrpcChannel.ForAddress(grpcUrl, new GrpcChannelOptions { HttpHandler = Pinned(ca, certificate) }))
        {
            var refused = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() =>
                new EdgeGateway.EdgeGatewayClient(channel).GetConfigurationAsync(new GetConfigurationRequest { EdgeId = "edge-sensory-1" }).ResponseAsync);
            Assert.Equal(Grpc.Core.StatusCode.PermissionDenied, refused.StatusCode);
        }

        // An unknown edge, a missing argument.
        await using (var unknown = Start(English, "revoke-edge", "--edge", "edge-nobody", "--Storage:Provider=Sqlite", database, security))
        {
            Assert.Equal(1, await unknown.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("The edge command failed: Edge 'edge-nobody' has no enrolment.", unknown.Output, StringComparison.Ordinal);
        }

        await using (var usage = Start(English, "create-edge", "--Storage:Provider=Sqlite", database, security))
        {
            Assert.Equal(2, await usage.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("Usage: create-edge --room <room id>", usage.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Create_account_makes_an_account_that_signs_in_with_the_password_it_printed_once_and_reset_replaces_it()
    {
        var admin = FreeTcpPort.Next();
        var grpc = FreeTcpPort.Next();
        var database = $"--Storage:ConnectionString=Data Source={_scratch.File("accounts.db")}";
        var security = $"--Security:DataDirectory={_scratch.File("security-accounts")}";
        await using var server = Start(
            "--Storage:Provider=Sqlite", database, security,
            $"--Kestrel:Endpoints:Admin:Url=http://127.0.0.1:{admin.ToString(CultureInfo.InvariantCulture)}",
            $"--Kestrel:Endpoints:Grpc:Url=https://127.0.0.1:{grpc.ToString(CultureInfo.InvariantCulture)}",
            "--Demo:Seed=true");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var adminUrl = new Uri($"http://127.0.0.1:{admin.ToString(CultureInfo.InvariantCulture)}");
        await Readiness.WaitAsync(server, $"the server at {adminUrl}", async ct =>
        {
            using var response = await http.GetAsync(new Uri(adminUrl, "/health"), ct);
            return response.IsSuccessStatusCode;
        }, TimeSpan.FromSeconds(60));

        async Task<(int Exit, string Output)> CommandAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
        {
            await using var command = Start(environment, ["create-account", .. arguments, "--Storage:Provider=Sqlite", database]);
            var exit = await command.WaitForExitAsync(TimeSpan.FromSeconds(60));
            return (exit, command.Output);
        }

        static string Password(string output) => System.Text.RegularExpressions.Regex.Match(output, "(?:Password|Пароль): (\\S+)").Groups[1].Value;
        async Task<System.Net.HttpStatusCode> SignInAsync(string user, string password)
        {
            using var response = await http.PostAsJsonAsync(new Uri(adminUrl, "/api/auth/token"), new { userName = user, password });
            return response.StatusCode;
        }

        var created = await CommandAsync(English, "--user", "olena.admin", "--role", "administrator", "--organisation", "org-demo", "--name", "Olena P.");
        Assert.Equal(0, created.Exit);
        Assert.Contains("Account olena.admin (Administrator, org-demo)", created.Output, StringComparison.Ordinal);
        var first = Password(created.Output);
        Assert.True(first.Length >= 16, created.Output);
        Assert.Equal(System.Net.HttpStatusCode.OK, await SignInAsync("olena.admin", first));

        var again = await CommandAsync(English, "--user", "olena.admin", "--role", "Specialist", "--organisation", "org-demo");
        Assert.Equal(1, again.Exit);
        Assert.Contains("There is already an account 'olena.admin'", again.Output, StringComparison.Ordinal);

        var reset = await CommandAsync(new Dictionary<string, string> { ["LC_ALL"] = "uk_UA.UTF-8" }, "--user", "olena.admin", "--reset");
        Assert.Equal(0, reset.Exit);
        Assert.Contains("Він показаний лише зараз", reset.Output, StringComparison.Ordinal);
        var second = Password(reset.Output);
        Assert.NotEqual(first, second);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, await SignInAsync("olena.admin", first));
        Assert.Equal(System.Net.HttpStatusCode.OK, await SignInAsync("olena.admin", second));

        var nowhere = await CommandAsync(English, "--user", "ivan", "--role", "Specialist", "--organisation", "org-nowhere");
        Assert.Equal(1, nowhere.Exit);
        Assert.Contains("There is no organisation or network 'org-nowhere'", nowhere.Output, StringComparison.Ordinal);
        Assert.Equal(2, (await CommandAsync(English, "--user", "ivan", "--role", "Janitor", "--organisation", "org-demo")).Exit);
        Assert.Equal(2, (await CommandAsync(English, "--user", "coordinator", "--role", "NetworkCoordinator", "--organisation", "org-demo")).Exit);
        Assert.Equal(1, (await CommandAsync(English, "--user", "nobody", "--reset")).Exit);
        Assert.DoesNotContain(first, server.Output, StringComparison.Ordinal);
    }

    private static readonly Dictionary<string, string> English = new() { ["LC_ALL"] = "en_US.UTF-8" };

    private static SocketsHttpHandler Pinned(X509Certificate2 ca, X509Certificate2? client)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, errors) =>
        {
            if (presented is null || (errors & System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch) != 0) return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(X509CertificateLoader.LoadCertificate(presented.GetRawCertData()));
        };
        if (client is not null) handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => client;
        return handler;
    }

    [Fact]
    public async Task Rebuild_projections_runs_instead_of_the_web_host_prints_its_summary_and_exits_0_or_1_with_the_reason()
    {
        var database = $"--Storage:ConnectionString=Data Source={_scratch.File("rebuild.db")}";
        await using (var rebuild = Start(new Dictionary<string, string> { ["LC_ALL"] = "en_US.UTF-8" }, "rebuild-projections", "--Storage:Provider=Sqlite", database, "--Demo:Seed=false"))
        {
            Assert.Equal(0, await rebuild.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("Projections rebuilt from 0 raw events of 0 edges (0 unreadable, passed over): 0 sessions, 0 occupancy intervals, 0 device health rows, 0 decisions, 0 alerts.", rebuild.Output, StringComparison.Ordinal);
        }

        await using var refused = Start(new Dictionary<string, string> { ["LC_ALL"] = "en_US.UTF-8" }, "rebuild-projections", "--Storage:Provider=Oracle", database);
        Assert.Equal(1, await refused.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("Configuration error: Storage:Provider is 'Oracle'", refused.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_audit_runs_instead_of_the_web_host_and_exits_0_intact_1_broken_at_the_edited_entry_2_for_a_bad_argument()
    {
        var storage = new Data.StorageOptions { Provider = "Sqlite", ConnectionString = $"Data Source={_scratch.File("audit.db")}" };
        var builder = new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<Data.ServerDbContext>();
        Data.ServerStorage.Configure(builder, storage);
        await using (var db = new Data.ServerDbContext(builder.Options))
        {
            await Data.ServerStorage.MigrateAsync(db, storage, CancellationToken.None);
            var log = new Records.Audit.AuditLog(db, TimeProvider.System);
            for (var i = 0; i < 5; i++)
            {
                await log.AppendAsync(Records.Audit.AuditActor.System("org-demo", Records.Audit.AuditActor.CommandOrigin), Data.AuditAction.Read, "pupil", $"p-{i}", null, CancellationToken.None);
            }
        }

        SqliteConnection.ClearAllPools();
        string[] arguments = ["verify-audit", "--Storage:Provider=Sqlite", $"--Storage:ConnectionString={storage.ConnectionString}"];
        await using (var intact = Start(arguments))
        {
            Assert.Equal(0, await intact.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("audit chain intact: 5 entries", intact.Output, StringComparison.Ordinal);
            Assert.Matches("last entry #5: [0-9a-f]{64}", intact.Output);
        }

        await using (var connection = new SqliteConnection(storage.ConnectionString))
        {
            await connection.OpenAsync();
            await using var edit = connection.CreateCommand();
            edit.CommandText = "UPDATE audit_entries SET subject_id = 'p-x' WHERE sequence = 3";
            Assert.Equal(1, await edit.ExecuteNonQueryAsync());
        }

        SqliteConnection.ClearAllPools();
        await using (var broken = Start(arguments))
        {
            Assert.Equal(1, await broken.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("audit chain broken at entry #3: hash mismatch", broken.Output, StringComparison.Ordinal);
        }

        await using var refused = Start([.. arguments, "now"]);
        Assert.Equal(2, await refused.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("verify-audit: unexpected argument 'now'", refused.Output, StringComparison.Ordinal);

        // A database without the audit tables (never migrated) is a storage error, not a broken chain.
        await using var empty = Start("verify-audit", "--Storage:Provider=Sqlite", $"--Storage:ConnectionString=Data Source={_scratch.File("empty.db")}");
        Assert.Equal(2, await empty.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("verify-audit: could not read the audit log:", empty.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_admin_site_over_https_signs_in_without_a_client_certificate_and_plain_http_on_a_network_address_stops_the_start()
    {
        var admin = FreeTcpPort.Next();
        var grpc = FreeTcpPort.Next();
        var database = $"--Storage:ConnectionString=Data Source={_scratch.File("https.db")}";
        var security = $"--Security:DataDirectory={_scratch.File("security-https")}";
        var grpcSetting = $"--Kestrel:Endpoints:Grpc:Url=https://127.0.0.1:{grpc.ToString(CultureInfo.InvariantCulture)}";
        await using (var server = Start(
            English,
            "--Storage:Provider=Sqlite",
            database,
            security,
            $"--Kestrel:Endpoints:Admin:Url=https://127.0.0.1:{admin.ToString(CultureInfo.InvariantCulture)}",
            // As the production compose: the gateway's defaults ask for a client certificate, the admin site never does.
            "--Kestrel:Endpoints:Admin:ClientCertificateMode=NoCertificate",
            grpcSetting,
            "--Demo:Seed=true"))
        {
            var adminUrl = new Uri($"https://127.0.0.1:{admin.ToString(CultureInfo.InvariantCulture)}");
            var caFile = _scratch.File(Path.Combine("security-https", "ca.crt"));
            await Readiness.WaitAsync(server, $"the server at {adminUrl}", async ct =>
            {
                if (!File.Exists(caFile)) return false;
                using var ca = X509CertificateLoader.LoadCertificateFromFile(caFile);
                using var probe = new HttpClient(Pinned(ca, null)) { Timeout = TimeSpan.FromSeconds(5) };
                using var response = await probe.GetAsync(new Uri(adminUrl, "/health"), ct);
                return response.IsSuccessStatusCode;
            }, TimeSpan.FromSeconds(60));

            using var trusted = X509CertificateLoader.LoadCertificateFromFile(caFile);
            var handler = Pinned(trusted, null);
            // .NET's client asks for a certificate once before the handshake, and once more when the server sends a
            // certificate request (two calls with the gateway's AllowCertificate default: checked when this was written).
            var selections = 0;
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) =>
            {
                Interlocked.Increment(ref selections);
                return null!;
            };
            using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
            using var page = await http.GetAsync(new Uri(adminUrl, "/account/sign-in"));
            Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("id=\"sign-in\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.True(selections == 1, $"the admin site asked the browser for a client certificate ({selections} selections)");
        }

        // 192.0.2.1 (TEST-NET-1) is no address of this machine: were the check missing, Kestrel could not bind it either,
        // and the message below would not be printed.
        await using var refused = Start(
            English,
            "--Storage:Provider=Sqlite",
            database,
            security,
            $"--Kestrel:Endpoints:Admin:Url=http://192.0.2.1:{admin.ToString(CultureInfo.InvariantCulture)}",
            grpcSetting);
        Assert.NotEqual(0, await refused.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains(
            $"Kestrel:Endpoints:Admin:Url is http://192.0.2.1:{admin.ToString(CultureInfo.InvariantCulture)}: the server would answer in plaintext on a network address.",
            refused.Output,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unusable_retention_interval_stops_start_up_naming_the_key()
    {
        await using var server = Start(
            new Dictionary<string, string> { ["LC_ALL"] = "en_US.UTF-8" },
            "--Storage:Provider=Sqlite",
            $"--Storage:ConnectionString=Data Source={_scratch.File("retention.db")}",
            "--Retention:Interval=00:00:05");
        Assert.NotEqual(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("Configuration error: Retention:Interval must be 00:01:00..7.00:00:00 (it is 00:00:05).", server.Output, StringComparison.Ordinal);
    }

    private static ChildProcess Start(params string[] arguments) => Start(null, arguments);

    private static ChildProcess Start(IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        ChildProcess.Start(
            "dotnet",
            [Path.Combine(ServerLayout.ApiOutputDirectory, "Inclusion.Iot.Server.Api.dll"), .. arguments],
            workingDirectory: ServerLayout.ApiOutputDirectory,
            environment: environment);
}
