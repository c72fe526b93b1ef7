using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Server.Api.Edges;

/// <summary>
/// Every gRPC call has a deadline on the server's side too (<c>Ingest:MaxCallSeconds</c>): an edge that sends none, or a
/// later one, is held to the server's; the handler's cancellation token fires then, and the call ends DEADLINE_EXCEEDED.
/// Nothing is acknowledged that was not committed, so the edge sends the batch again.
/// </summary>
public sealed class CallDeadlineInterceptor(IOptions<IngestOptions> options, TimeProvider time) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        var limit = TimeSpan.FromSeconds(options.Value.MaxCallSeconds);
        var serverDeadline = time.GetUtcNow().UtcDateTime + limit;
        if (context.Deadline <= serverDeadline) return await continuation(request, context).ConfigureAwait(false);

        using var timer = new CancellationTokenSource(limit, time);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, timer.Token);
        try
        {
            return await continuation(request, new BoundedCallContext(context, serverDeadline, bounded.Token)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (bounded.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, $"The call ran past the server's limit of {limit.TotalSeconds:0} s (Ingest:MaxCallSeconds)."));
        }
    }

    /// <summary>The call as the handler sees it, with the server's earlier deadline and its token.</summary>
    private sealed class BoundedCallContext(ServerCallContext inner, DateTime deadline, CancellationToken cancellationToken) : ServerCallContext
    {
        protected override string MethodCore => inner.Method;
        protected override string HostCore => inner.Host;
        protected override string PeerCore => inner.Peer;
        protected override DateTime DeadlineCore => deadline;
        protected override Metadata RequestHeadersCore => inner.RequestHeaders;
        protected override CancellationToken CancellationTokenCore => cancellationToken;
        protected override Metadata ResponseTrailersCore => inner.ResponseTrailers;
        protected override Status StatusCore { get => inner.Status; set => inner.Status = value; }
        protected override WriteOptions? WriteOptionsCore { get => inner.WriteOptions; set => inner.WriteOptions = value; }
        protected override AuthContext AuthContextCore => inner.AuthContext;
        protected override IDictionary<object, object> UserStateCore => inner.UserState;

        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => inner.CreatePropagationToken(options);

        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => inner.WriteResponseHeadersAsync(responseHeaders);
    }
}
