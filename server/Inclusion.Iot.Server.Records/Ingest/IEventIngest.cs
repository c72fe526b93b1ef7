using Inclusion.Iot.Server.Records.Incoming;

namespace Inclusion.Iot.Server.Records.Ingest;

/// <summary>Stores uploaded batches exactly once and projects them; see <see cref="EventIngest"/>.</summary>
public interface IEventIngest
{
    /// <summary>
    /// Stores several batches (of one or several edges) in one transaction with one commit, for group commit; batches
    /// of the same edge are applied in the order given. One result per batch, in the same order; none is durable until
    /// the call returns, and a failed write throws and acknowledges none.
    /// </summary>
    Task<IReadOnlyList<IngestResult>> IngestAsync(IReadOnlyList<EdgeBatch> batches, CancellationToken cancellationToken);

    /// <summary>One batch in its own transaction.</summary>
    async Task<IngestResult> IngestAsync(EdgeBatch batch, CancellationToken cancellationToken) =>
        (await IngestAsync([batch], cancellationToken).ConfigureAwait(false))[0];
}
