using Grpc.Core;
using Inclusion.Iot.Server.Api.Edges;
using Microsoft.Extensions.Time.Testing;

namespace Inclusion.Iot.Server.Tests;

/// <summary>Every gRPC call has a deadline on the server's side: a call without one, or with a later one, is held to Ingest:MaxCallSeconds.</summary>
public sealed class CallDeadlineTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    private CallDeadlineInterceptor Interceptor(int seconds) =>
        new(Microsoft.Extensions.Options.Options.Create(new IngestOptions { MaxCallSeconds = seconds }), _time);

    [Fact]
    public async Task A_call_without_a_deadline_gets_the_servers_and_ends_deadline_exceeded_when_it_passes()
    {
        var call = new FakeCallContext(DateTime.MaxValue);
        DateTime seen = default;
        var entered = new TaskCompletionSource();

        var handling = Interceptor(seconds: 7).UnaryServerHandler<string, string>("batch", call, async (_, context) =>
        {
            seen = context.Deadline;
            entered.SetResult();
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
            return "stored";
        });
        await entered.Task;
        Assert.Equal(_time.GetUtcNow().UtcDateTime.AddSeconds(7), seen);
        Assert.False(handling.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(7));

        var failed = await Assert.ThrowsAsync<RpcException>(() => handling);
        Assert.Equal(StatusCode.DeadlineExceeded, failed.StatusCode);
        Assert.Contains("Ingest:MaxCallSeconds", failed.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_with_an_earlier_deadline_keeps_its_own_and_its_context()
    {
        var call = new FakeCallContext(_time.GetUtcNow().UtcDateTime.AddSeconds(3));
        ServerCallContext? seen = null;

        var answer = await Interceptor(seconds: 7).UnaryServerHandler<string, string>("batch", call, (_, context) =>
        {
            seen = context;
            return Task.FromResult("stored");
        });

        Assert.Equal("stored", answer);
        Assert.Same(call, seen);
    }

    [Fact]
    public async Task The_edges_own_cancellation_still_reaches_the_handler_as_cancellation()
    {
        using var edgeGone = new CancellationTokenSource();
        var call = new FakeCallContext(DateTime.MaxValue, edgeGone.Token);
        var entered = new TaskCompletionSource();
        var handling = Interceptor(seconds: 7).UnaryServerHandler<string, string>("batch", call, async (_, context) =>
        {
            entered.SetResult();
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
            return "stored";
        });
        await entered.Task;

        await edgeGone.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => handling);
    }

    private sealed class FakeCallContext(DateTime deadline, CancellationToken cancellationToken = default) : ServerCallContext
    {
        protected override string MethodCore => "/inclusion.iot.edge.v1.EdgeGateway/UploadEvents";
        protected override string HostCore => "127.0.0.1";
        protected override string PeerCore => "ipv4:127.0.0.1:5000";
        protected override DateTime DeadlineCore => deadline;
        protected override Metadata RequestHeadersCore { get; } = [];
        protected override CancellationToken CancellationTokenCore => cancellationToken;
        protected override Metadata ResponseTrailersCore { get; } = [];
        protected override Status StatusCore { get; set; }
        protected override WriteOptions? WriteOptionsCore { get; set; }
        protected override AuthContext AuthContextCore => new(null, []);
        protected override IDictionary<object, object> UserStateCore { get; } = new Dictionary<object, object>();

        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();

        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
    }
}
