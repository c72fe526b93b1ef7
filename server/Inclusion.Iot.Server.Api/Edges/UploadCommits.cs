using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Incoming;
using Inclusion.Iot.Server.Records.Ingest;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Server.Api.Edges;

/// <summary>
/// The uploads' group commit (<see cref="GroupCommit{TItem, TResult}"/>): <see cref="IngestOptions.CommitWriters"/>
/// transactions at a time, each storing every upload that arrived while the previous one was written, up to
/// <see cref="IngestOptions.MaxEventsPerCommit"/> events, through the records' multi-batch
/// <see cref="IEventIngest.IngestAsync(IReadOnlyList{EdgeBatch}, CancellationToken)"/> in a scope of its own. An upload
/// is answered only after the transaction holding it committed; an unknown edge or a bad batch fails only its caller.
/// </summary>
public sealed class UploadCommits : IAsyncDisposable
{
    private readonly GroupCommit<EdgeBatch, IngestResult> _commit;

    public UploadCommits(IServiceScopeFactory scopes, IOptions<IngestOptions> options)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(options);
        _commit = new GroupCommit<EdgeBatch, IngestResult>(
            async (batches, cancellationToken) =>
            {
                await using var scope = scopes.CreateAsyncScope();
                // The gateway's unit of work is the server's own: unscoped (edge identity is checked by the gateway).
                scope.ServiceProvider.GetRequiredService<AccessScopeHolder>().UseSystem();
                return await scope.ServiceProvider.GetRequiredService<IEventIngest>().IngestAsync(batches, cancellationToken).ConfigureAwait(false);
            },
            batch => batch.Events.Count,
            options.Value.CommitWriters,
            options.Value.MaxEventsPerCommit);
    }

    /// <summary>For tests: until <paramref name="count"/> uploads wait for a commit.</summary>
    internal Task WaitUntilWaitingAsync(int count) => _commit.WaitUntilWaitingAsync(count);

    public Task<IngestResult> SubmitAsync(EdgeBatch batch, CancellationToken cancellationToken) => _commit.SubmitAsync(batch, cancellationToken);

    public ValueTask DisposeAsync() => _commit.DisposeAsync();
}
