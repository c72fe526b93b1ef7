using Inclusion.Iot.Server.Api.Edges;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Inclusion.Iot.Server.Tests;

/// <summary>Every gRPC call has a deadline on the server's side: none, an unreadable one or a later one becomes Ingest:MaxCallSeconds.</summary>
public sealed class CallDeadlineTests
{
    [Theory]
    [InlineData(null, "45S")]
    [InlineData("", "45S")]
    [InlineData("soon", "45S")]
    [InlineData("123456789S", "45S")]
    [InlineData("2M", "45S")]
    [InlineData("46S", "45S")]
    [InlineData("45S", "45S")]
    [InlineData("30000m", "30000m")]
    [InlineData("10S", "10S")]
    [InlineData("1H", "45S")]
    [InlineData("500000u", "500000u")]
    public void The_calls_timeout_is_its_own_when_shorter_and_the_servers_otherwise(string? requested, string expected) =>
        Assert.Equal(expected, CallDeadline.Bounded(requested, maxSeconds: 45));

    [Fact]
    public async Task A_grpc_call_without_a_deadline_reaches_the_handler_with_the_servers()
    {
        var app = new ApplicationBuilder(new ServiceCollection().BuildServiceProvider());
        string? seen = null;
        app.UseCallDeadline(maxSeconds: 45);
        app.Run(context =>
        {
            seen = context.Request.Headers[CallDeadline.Header].ToString();
            return Task.CompletedTask;
        });
        var pipeline = app.Build();

        var grpc = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        grpc.Request.ContentType = "application/grpc";
        await pipeline(grpc);
        Assert.Equal("45S", seen);

        // Not gRPC (the admin page): untouched.
        var page = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        page.Request.ContentType = "text/html";
        await pipeline(page);
        Assert.Equal(string.Empty, seen);
    }
}
