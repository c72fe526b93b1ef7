using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Inclusion.Iot.Testing;

namespace Inclusion.Iot.EndToEnd.Tests;

/// <summary>
/// The whole system as separate processes, the way it runs in a school: the server (SQLite in a temp
/// directory), one room edge and firmware-sim, all talking through a real, password-protected Mosquitto.
/// Ports are random; the server keeps its database across a kill and restart.
/// </summary>
internal sealed class RoomSystem : IAsyncDisposable
{
    public const string RoomId = "room-sensory-1";
    public const string EdgeId = "edge-sensory-1";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly MosquittoFixture _broker;
    private readonly ScratchDirectory _scratch = new("e2e");
    private readonly int _adminPort = FreeTcpPort.Next();
    private readonly int _grpcPort = FreeTcpPort.Next();
    private readonly int _panelPort = FreeTcpPort.Next();
    private readonly List<ChildProcess> _scenarios = [];

    public RoomSystem(MosquittoFixture broker)
    {
        _broker = broker;
        EdgeDataDirectory = _scratch.CreateSubdirectory("edge");
        Http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
    }

    public HttpClient Http { get; }

    public Uri AdminUrl => new($"http://127.0.0.1:{_adminPort.ToString(CultureInfo.InvariantCulture)}");

    public Uri PanelUrl => new($"http://127.0.0.1:{_panelPort.ToString(CultureInfo.InvariantCulture)}");

    public string ServerDatabase => _scratch.File("server.db");

    public string EdgeDataDirectory { get; }

    public ChildProcess? Server { get; private set; }

    public ChildProcess? Edge { get; private set; }

    /// <summary>
    /// Every line the edge logged at Warning, Error or Critical (the console logger's <c>warn:</c>, <c>fail:</c>, <c>crit:</c>
    /// lines, with the message line that follows), over all its runs: <see cref="ChildProcess.Output"/> keeps only the tail.
    /// </summary>
    public IReadOnlyList<string> EdgeProblems
    {
        get
        {
            lock (_edgeProblems) return [.. _edgeProblems];
        }
    }

    private readonly List<string> _edgeProblems = [];
    private bool _problemContinues;

    /// <summary>Both programs' output, for assertion messages.</summary>
    public string Logs =>
        $"--- server ---\n{Server?.Output}\n--- edge ---\n{Edge?.Output}\n"
        + string.Concat(_scenarios.Select(s => $"--- firmware-sim ---\n{s.Output}\n"));

    /// <summary>The installation's CA certificate, made by the server at its first start: the edge pins it.</summary>
    public string CaCertificatePath => Path.Combine(_scratch.File("security"), "ca.crt");

    private string[] StorageArguments =>
    [
        "--Storage:Provider=Sqlite",
        $"--Storage:ConnectionString=Data Source={ServerDatabase}",
        $"--Security:DataDirectory={_scratch.File("security")}",
    ];

    /// <summary>The demo edge's one-time code, issued with create-edge after the server's first start (as IT staff would).</summary>
    private string? _enrolmentCode;

    public async Task StartServerAsync()
    {
        var server = RepositoryLayout.Output("server/Inclusion.Iot.Server.Api");
        Server = ChildProcess.Start(
            "dotnet",
            [
                Path.Combine(server, "Inclusion.Iot.Server.Api.dll"),
                .. StorageArguments,
                $"--Kestrel:Endpoints:Admin:Url={AdminUrl.ToString().TrimEnd('/')}",
                $"--Kestrel:Endpoints:Grpc:Url={GrpcUrl.ToString().TrimEnd('/')}",
                "--Demo:Seed=true",
                $"--Demo:AccountsFile={AccountsFile}",
            ],
            workingDirectory: server);
        await WaitHealthyAsync(Server, AdminUrl, "server");
        _enrolmentCode ??= await EdgeEnrolmentClient.CreateEdgeAsync(StorageArguments, RoomId, EdgeId);
    }

    /// <summary>Where the server writes the demo accounts' generated passwords on its first run.</summary>
    public string AccountsFile => _scratch.File("demo-accounts.json");

    /// <summary>The user name and password of the demo account of <paramref name="role"/>, from the server's accounts file.</summary>
    public (string UserName, string Password) DemoAccount(string role)
    {
        using var file = JsonDocument.Parse(File.ReadAllText(AccountsFile));
        var account = file.RootElement.EnumerateArray().Single(a => a.GetProperty("role").GetString() == role);
        return (account.GetProperty("userName").GetString()!, account.GetProperty("password").GetString()!);
    }

    /// <summary>Signs <paramref name="page"/> in through the sign-in form as the demo account of <paramref name="role"/>.</summary>
    public async Task SignInAsync(Microsoft.Playwright.IPage page, string role = "Administrator")
    {
        ArgumentNullException.ThrowIfNull(page);
        var (userName, password) = DemoAccount(role);
        await page.GotoAsync(new Uri(AdminUrl, "/account/sign-in").ToString());
        await page.Locator("#user-name").FillAsync(userName);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("#sign-in-submit").ClickAsync();
        // Signed in: the admin page with its sign-out button.
        await page.Locator("#sign-out-submit").WaitForAsync(new() { Timeout = 15_000 });
    }

    private string? _token;

    /// <summary>A bearer token for the JSON API (POST /api/auth/token as the demo administrator).</summary>
    private async Task<string> TokenAsync(bool renew)
    {
        if (_token is null || renew)
        {
            var (userName, password) = DemoAccount("Administrator");
            using var response = await Http.PostAsJsonAsync(new Uri(AdminUrl, "/api/auth/token"), new { userName, password });
            response.EnsureSuccessStatusCode();
            _token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        }

        return _token!;
    }

    /// <summary>SIGKILL: the server gets no chance to finish anything.</summary>
    public async Task KillServerAsync()
    {
        if (Server is not null)
        {
            await Server.KillAsync();
            await Server.DisposeAsync();
        }
    }

    public const string EdgeBinaryVariable = "INCLUSION_EDGE_BINARY";

    public async Task StartEdgeAsync()
    {
        // INCLUSION_EDGE_BINARY: the shipped NativeAOT binary (deploy/publish-edge.sh), so the tested binary is the one
        // that ships; otherwise the JIT build of this test run.
        var aot = Environment.GetEnvironmentVariable(EdgeBinaryVariable);
        var edge = string.IsNullOrEmpty(aot) ? RepositoryLayout.Output("edge/Inclusion.Iot.Edge.Worker") : Path.GetDirectoryName(aot)!;
        IEnumerable<string> command = string.IsNullOrEmpty(aot) ? [Path.Combine(edge, "Inclusion.Iot.Edge.Worker.dll")] : [];
        Edge = ChildProcess.Start(
            string.IsNullOrEmpty(aot) ? "dotnet" : aot,
            [
                .. command,
                $"--Edge:EdgeId={EdgeId}",
                $"--Edge:RoomConfigPath={RepositoryLayout.DemoRoomFile}",
                $"--Edge:DataDirectory={EdgeDataDirectory}",
                $"--Server:Url={GrpcUrl.ToString().TrimEnd('/')}",
                $"--Server:CaCertificatePath={CaCertificatePath}",
                // Used once, at the first start: the edge enrols by itself and keeps its certificate in its data directory.
                $"--Server:EnrolmentCode={_enrolmentCode}",
                "--Server:SyncIntervalSeconds=1",
                $"--Mqtt:Host={_broker.Host}",
                $"--Mqtt:Port={_broker.Port.ToString(CultureInfo.InvariantCulture)}",
                $"--Mqtt:Username={_broker.Username}",
                $"--Mqtt:Password={_broker.Password}",
                "--Mqtt:EmbeddedBroker:Enabled=false",
                $"--Panel:Url={PanelUrl.ToString().TrimEnd('/')}",
            ],
            workingDirectory: edge,
            standardOutputLine: (_, line) => KeepIfProblem(line));
        await WaitHealthyAsync(Edge, PanelUrl, "edge");
    }

    private void KeepIfProblem(string line)
    {
        lock (_edgeProblems)
        {
            var problem = line.StartsWith("warn: ", StringComparison.Ordinal) || line.StartsWith("fail: ", StringComparison.Ordinal) || line.StartsWith("crit: ", StringComparison.Ordinal);
            // The console logger writes the level and category on one line, the message indented on the next.
            if (problem || (_problemContinues && line.StartsWith(' '))) _edgeProblems.Add(line);
            _problemContinues = problem || (_problemContinues && line.StartsWith(' '));
        }
    }

    public Uri GrpcUrl => new($"https://127.0.0.1:{_grpcPort.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Waits until the edge holds a configuration snapshot from the server (before that it refuses badges).</summary>
    public Task WaitForEdgeConfigurationAsync() =>
        WaitUntilAsync(async () =>
        {
            var health = await Http.GetFromJsonAsync<JsonElement>(new Uri(PanelUrl, "/health"));
            return health.TryGetProperty("configurationVersion", out var version) && version.GetInt64() > 0;
        }, StartTimeout, "the edge's first configuration snapshot");

    /// <summary>SIGKILL to the edge, as a crash or a power cut would stop it: no shutdown code runs.</summary>
    public async Task KillEdgeAsync()
    {
        if (Edge is not null)
        {
            await Edge.KillAsync();
            await Edge.DisposeAsync();
            Edge = null;
        }
    }

    public async Task StopEdgeAsync()
    {
        if (Edge is not null)
        {
            await Edge.DisposeAsync();
            Edge = null;
        }
    }

    /// <summary>Starts firmware-sim playing one of its shipped scenarios; it exits when the scenario is done.</summary>
    public ChildProcess StartScenario(string scenario)
    {
        var sim = RepositoryLayout.Output("firmware-sim/Inclusion.Iot.FirmwareSim");
        var process = ChildProcess.Start(
            "dotnet",
            [
                Path.Combine(sim, "Inclusion.Iot.FirmwareSim.dll"),
                "--mqtt-host", _broker.Host,
                "--mqtt-port", _broker.Port.ToString(CultureInfo.InvariantCulture),
                "--username", _broker.Username,
                "--password", _broker.Password,
                "--room-config", RepositoryLayout.DemoRoomFile,
                "--badges", Path.Combine(sim, "scenarios", "badges.json"),
                "run", Path.Combine(sim, "scenarios", scenario),
            ],
            workingDirectory: sim);
        _scenarios.Add(process);
        return process;
    }

    /// <summary>Plays a scenario to its end and fails with the logs when firmware-sim reports an error.</summary>
    public async Task PlayScenarioAsync(string scenario)
    {
        var process = StartScenario(scenario);
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(90));
        Assert.True(exitCode == 0, $"firmware-sim exited with {exitCode}.\n{Logs}");
    }

    public async Task<IReadOnlyList<JsonElement>> SessionsAsync(string? pupilId = null)
    {
        var url = new Uri(AdminUrl, pupilId is null ? "/api/sessions" : $"/api/sessions?pupilId={Uri.EscapeDataString(pupilId)}");
        for (var renew = false; ; renew = true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await TokenAsync(renew));
            using var response = await Http.SendAsync(request);
            // A token from before a server restart may not be accepted any more: one new one.
            if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized && !renew)
            {
                continue;
            }

            response.EnsureSuccessStatusCode();
            var sessions = await response.Content.ReadFromJsonAsync<JsonElement>();
            return [.. sessions.EnumerateArray()];
        }
    }

    /// <summary>Polls the server's session list until <paramref name="match"/> holds for one session.</summary>
    public async Task<JsonElement> WaitForSessionAsync(Func<JsonElement, bool> match, TimeSpan timeout, string what)
    {
        using var limit = new CancellationTokenSource(timeout);
        while (true)
        {
            try
            {
                var found = (await SessionsAsync()).FirstOrDefault(match);
                if (found.ValueKind == JsonValueKind.Object)
                {
                    return found;
                }
            }
            catch (HttpRequestException)
            {
                // The server is restarting: keep polling.
            }

            if (limit.IsCancellationRequested)
            {
                Assert.Fail($"{what} did not reach the server within {timeout}.\n{Logs}");
            }

            await Task.Delay(200, CancellationToken.None);
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds, failing with the logs after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        using var limit = new CancellationTokenSource(timeout);
        while (!await condition())
        {
            if (limit.IsCancellationRequested)
            {
                Assert.Fail($"{what} did not happen within {timeout}.\n{Logs}");
            }

            await Task.Delay(200, CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var scenario in _scenarios)
        {
            await scenario.DisposeAsync();
        }

        if (Edge is not null)
        {
            await Edge.DisposeAsync();
        }

        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        Http.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _scratch.Dispose();
    }

    private async Task WaitHealthyAsync(ChildProcess process, Uri baseUrl, string name)
    {
        await Readiness.WaitAsync(process, $"the {name} at {baseUrl}", async ct =>
        {
            using var response = await Http.GetAsync(new Uri(baseUrl, "/health"), ct);
            return response.IsSuccessStatusCode;
        }, StartTimeout);
    }
}
