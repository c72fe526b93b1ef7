using Inclusion.Iot.Contracts.Edge.V1;

namespace Inclusion.Iot.Edge.Worker.Tests;

/// <summary>A busy server answers RESOURCE_EXHAUSTED with a retry hint: the edge waits as asked, keeps its outbox, then drains it.</summary>
public sealed class BusyServerTests() : EdgeHostTests("edge-busy-server")
{
    [Fact]
    public async Task The_uploader_waits_the_servers_retry_hint_not_its_own_shorter_backoff_and_loses_nothing()
    {
        // Longer than the uploader's first backoff (1 s), so an edge that ignored the hint would come back too early.
        Server.RetryAfterMs = 3000;
        Server.BusyUploads = 1;

        // The harness keeps retries short (1 s cap); a real edge's cap is longer than the hint.
        await using var edge = await StartConfiguredEdgeAsync("--Server:MaxRetryDelaySeconds=30");

        await EdgeHarness.Until(() => Task.FromResult(Server.Stored.Any(e => e.BodyCase == EdgeEvent.BodyOneofCase.EdgeStarted)), "the outbox drained after the busy answer");
        var calls = Server.UploadCalls.ToArray();
        Assert.True(calls.Length >= 2, $"{calls.Length} upload calls");
        // The hint, less its spread of 20 %.
        Assert.True(calls[1] - calls[0] >= TimeSpan.FromMilliseconds(2400), $"the second upload came {(calls[1] - calls[0]).TotalMilliseconds} ms after the busy answer");
        Assert.Equal(Enumerable.Range(1, Server.Stored.Count).Select(i => (long)i), Server.Stored.Select(e => e.Sequence));
    }
}
