using System.Globalization;
using Grpc.Core;
using Inclusion.Iot.Contracts.Edge.V1;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Server.Api.Edges;

/// <summary>
/// At most <see cref="IngestOptions.MaxConcurrentUploads"/> uploads are stored at once and at most
/// <see cref="IngestOptions.MaxQueuedUploads"/> wait for a slot, first come first served; the next one is refused at
/// once with RESOURCE_EXHAUSTED and a <c>retry-after-ms</c> hint (the edge keeps its outbox and retries) rather than
/// waiting in an unbounded queue. It runs as middleware in front of the gRPC endpoint, so a refused upload costs no
/// parsing of its batch and no database connection.
/// </summary>
public sealed class IngestLimiter(IOptions<IngestOptions> options) : IDisposable
{
    public static readonly string UploadPath = $"/{EdgeGateway.Descriptor.FullName}/UploadEvents";

    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentUploads, options.Value.MaxConcurrentUploads);
    private readonly int _maxQueued = options.Value.MaxQueuedUploads;
    private int _queued;

    public int RetryAfterMilliseconds { get; } = options.Value.RetryAfterMilliseconds;

    /// <summary>Takes a slot, waiting in the bounded queue; false when the slots and the queue are full. Give it back
    /// with <see cref="Release"/>.</summary>
    public async ValueTask<bool> TryEnterAsync(CancellationToken cancellationToken)
    {
        if (_slots.Wait(0)) return true;
        if (Interlocked.Increment(ref _queued) > _maxQueued)
        {
            Interlocked.Decrement(ref _queued);
            return false;
        }

        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            Interlocked.Decrement(ref _queued);
        }
    }

    public void Release() => _slots.Release();

    /// <summary>Uploads waiting for a slot now.</summary>
    public int Queued => Volatile.Read(ref _queued);

    /// <summary>For tests: until <paramref name="count"/> uploads wait in the queue (at most 30 s).</summary>
    internal async Task WaitUntilQueuedAsync(int count)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (Queued < count)
        {
            await Task.Delay(10, deadline.Token).ConfigureAwait(false);
        }
    }

    public void Dispose() => _slots.Dispose();

    /// <summary>Answers the upload RESOURCE_EXHAUSTED as a gRPC trailers-only response, without reading its body.</summary>
    public Task RefuseAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var retryAfter = RetryAfterMilliseconds.ToString(CultureInfo.InvariantCulture);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = ((int)StatusCode.ResourceExhausted).ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = Uri.EscapeDataString(
            $"The server is storing as many uploads as it takes at once; nothing was acknowledged, retry after {retryAfter} ms.");
        context.Response.Headers["retry-after-ms"] = retryAfter;
        return context.Response.CompleteAsync();
    }
}

public static class IngestLimitExtensions
{
    /// <summary>Bounds the concurrent <c>UploadEvents</c> calls (see <see cref="IngestLimiter"/>).</summary>
    public static IApplicationBuilder UseIngestLimit(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var limiter = app.ApplicationServices.GetRequiredService<IngestLimiter>();
        return app.Use(async (context, next) =>
        {
            if (!context.Request.Path.Equals(IngestLimiter.UploadPath, StringComparison.Ordinal))
            {
                await next(context);
                return;
            }

            bool entered;
            try
            {
                entered = await limiter.TryEnterAsync(context.RequestAborted);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                return; // The edge gave up while waiting; nothing was read or stored.
            }

            if (!entered)
            {
                await limiter.RefuseAsync(context);
                return;
            }

            try
            {
                await next(context);
            }
            finally
            {
                limiter.Release();
            }
        });
    }
}
