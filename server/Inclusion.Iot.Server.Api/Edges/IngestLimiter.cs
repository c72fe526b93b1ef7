using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Server.Api.Edges;

/// <summary>
/// At most <see cref="IngestOptions.MaxConcurrentUploads"/> uploads are stored at once; the next one is refused at
/// once (the edge keeps its outbox and retries after the hint) rather than waiting in an unbounded queue.
/// </summary>
public sealed class IngestLimiter(IOptions<IngestOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentUploads, options.Value.MaxConcurrentUploads);

    public int RetryAfterMilliseconds { get; } = options.Value.RetryAfterMilliseconds;

    /// <summary>Takes a slot without waiting; false when every slot is held. Give it back with <see cref="Release"/>.</summary>
    public bool TryEnter() => _slots.Wait(0);

    public void Release() => _slots.Release();

    public void Dispose() => _slots.Dispose();
}
