using Microsoft.Playwright;
using Xunit;

namespace Inclusion.Iot.Testing;

/// <summary>
/// Real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright. Never downloads a browser:
/// a missing binary fails the test with the command that installs it.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string DefaultExecutable = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("ChromiumFixture is not initialised.");

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("INCLUSION_CHROMIUM") is { Length: > 0 } configured
            ? configured
            : DefaultExecutable;
        RequiredBinary.EnsureExists(executable);
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync().ConfigureAwait(false);
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args =
            [
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        }).ConfigureAwait(false);
    }

    /// <summary>A page in a fresh context with the given browser locale (Accept-Language follows it).</summary>
    public async Task<IPage> NewPageAsync(string locale = "en-GB")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Locale = locale }).ConfigureAwait(false);
        return await context.NewPageAsync().ConfigureAwait(false);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync().ConfigureAwait(false);
        }

        _playwright?.Dispose();
    }
}
