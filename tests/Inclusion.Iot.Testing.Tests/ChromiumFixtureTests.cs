using System.Net;
using System.Text;

namespace Inclusion.Iot.Testing.Tests;

public sealed class ChromiumFixtureTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task Renders_a_loopback_page_with_the_requested_language()
    {
        var port = FreeTcpPort.Next();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serve = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            var body = Encoding.UTF8.GetBytes(
                $"<!doctype html><html><body><h1 id=lang>{WebUtility.HtmlEncode(context.Request.Headers["Accept-Language"])}</h1></body></html>");
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        });

        var page = await chromium.NewPageAsync("uk-UA");
        await page.GotoAsync($"http://127.0.0.1:{port}/");
        await serve.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.StartsWith("uk-UA", await page.InnerTextAsync("#lang"), StringComparison.Ordinal);
        Assert.Equal("uk-UA", await page.EvaluateAsync<string>("navigator.language"));
    }
}
