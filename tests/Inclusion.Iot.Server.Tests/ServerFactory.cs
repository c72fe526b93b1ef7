using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using Inclusion.Iot.Server.Api.Demo;
using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Inclusion.Iot.Server.Tests;

/// <summary>
/// The real server host in memory (TestServer), on a fresh SQLite file or a given PostgreSQL database, demo seeded with
/// its accounts (one per role; the passwords the server generated are read back from its accounts file). Clients sign
/// in for real: <see cref="TokenClientAsync"/> through <c>POST /api/auth/token</c>, <see cref="SignedInClientAsync"/>
/// through the sign-in form.
/// </summary>
public sealed partial class ServerFactory : WebApplicationFactory<Program>
{
    private readonly ScratchDirectory _scratch = new("server-host");
    private readonly StorageOptions _storage;

    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    public ServerFactory(StorageOptions? storage = null, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, bool kestrel = false)
    {
        _settings = settings ?? new Dictionary<string, string?>();
        if (kestrel)
        {
            // Real Kestrel on loopback, with the endpoints of appsettings.json moved to free ports: the gateway over TLS.
            var admin = FreeTcpPort.Next();
            var grpc = FreeTcpPort.Next();
            GrpcAddress = new Uri($"https://127.0.0.1:{grpc.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            _settings = new Dictionary<string, string?>(_settings)
            {
                ["Kestrel:Endpoints:Admin:Url"] = $"http://127.0.0.1:{admin.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
                ["Kestrel:Endpoints:Grpc:Url"] = GrpcAddress.ToString().TrimEnd('/'),
            };
            UseKestrel();
        }

        _services = services;
        _storage = storage ?? new StorageOptions { Provider = "Sqlite", ConnectionString = $"Data Source={_scratch.File("server.db")}" };
    }

    public CapturedLogs Logs { get; } = new();

    /// <summary>With <c>kestrel: true</c>, the gateway's TLS endpoint.</summary>
    public Uri? GrpcAddress { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 30, 0, TimeSpan.Zero));

    /// <summary>Where the server writes the demo accounts' passwords.</summary>
    public string AccountsFile => _scratch.File("demo-accounts.json");

    /// <summary>The demo accounts the server created (starts the server).</summary>
    public IReadOnlyList<DemoAccount> Accounts()
    {
        _ = Services;
        return DemoAccounts.ReadAsync(AccountsFile, CancellationToken.None).GetAwaiter().GetResult();
    }

    public DemoAccount Account(AccountRole role) => Accounts().Single(a => a.Role == role);

    /// <summary>A DI scope whose context is unscoped (the system's): for arranging and checking rows.</summary>
    public AsyncServiceScope SystemScope()
    {
        var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AccessScopeHolder>().UseSystem();
        return scope;
    }

    /// <summary>A client without redirects following (so a redirect to sign-in is seen as such).</summary>
    public HttpClient AnonymousClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>A client with a bearer token from <c>POST /api/auth/token</c> for the demo account of <paramref name="role"/>.</summary>
    public Task<HttpClient> TokenClientAsync(AccountRole role)
    {
        var account = Account(role);
        return TokenClientAsync(account.UserName, account.Password);
    }

    public async Task<HttpClient> TokenClientAsync(string userName, string password)
    {
        var client = AnonymousClient();
        using var response = await client.PostAsJsonAsync(new Uri("/api/auth/token", UriKind.Relative), new { userName, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.RootElement.GetProperty("accessToken").GetString());
        return client;
    }

    /// <summary>A client signed in through the sign-in form (cookie) as the demo account of <paramref name="role"/>.</summary>
    public async Task<HttpClient> SignedInClientAsync(AccountRole role)
    {
        var account = Account(role);
        var client = AnonymousClient();
        using var response = await SubmitSignInAsync(client, account.UserName, account.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>Opens the sign-in form and posts it (with its antiforgery token), as a browser does.</summary>
    public static async Task<HttpResponseMessage> SubmitSignInAsync(HttpClient client, string userName, string password, string culture = "en")
    {
        ArgumentNullException.ThrowIfNull(client);
        var form = await client.GetStringAsync(new Uri($"/account/sign-in?culture={culture}", UriKind.Relative));
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName,
            ["Password"] = password,
            ["ReturnUrl"] = "/",
            ["__RequestVerificationToken"] = AntiforgeryToken(form),
        });
        return await client.PostAsync(new Uri($"/account/sign-in?culture={culture}", UriKind.Relative), content);
    }

    public static string AntiforgeryToken(string html) => AntiforgeryField().Match(html) is { Success: true } match
        ? match.Groups[1].Value
        : throw new InvalidOperationException("The form has no antiforgery token.");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
    private readonly ConcurrentDictionary<string, Task<X509Certificate2>> _certificates = new(StringComparer.Ordinal);

    /// <summary>A gateway channel that presents <paramref name="edgeId"/>'s client certificate (enrolled once per factory).</summary>
    public async Task<GrpcChannel> EdgeChannelAsync(string edgeId = DemoSeed.EdgeId)
    {
        var certificate = await _certificates.GetOrAdd(edgeId, id => EdgeCertificates.EnrolAsync(Services, id));
        return ChannelWith(certificate);
    }

    /// <summary>A gateway channel that presents <paramref name="certificate"/> (null: none) as the TLS client certificate.</summary>
    public GrpcChannel ChannelWith(X509Certificate2? certificate) =>
        GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = Server.CreateHandler(c => c.Connection.ClientCertificate = certificate) });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Settings also as host settings: those are in the configuration already while Program registers its services
        // (the school sign-in scheme is added only when configured).
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = _storage.Provider,
            ["Storage:ConnectionString"] = _storage.ConnectionString,
            ["Demo:Seed"] = "true",
            ["Demo:AccountsFile"] = AccountsFile,
            ["Security:DataDirectory"] = _scratch.File("security"),
        }.Concat(_settings)));
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            _services?.Invoke(services);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            SqliteConnection.ClearAllPools();
            _scratch.Dispose();
        }
    }
}
