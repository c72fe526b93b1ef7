using Inclusion.Iot.Contracts.Edge.V1;

namespace Inclusion.Iot.Server.Api.Edges;

/// <summary>Stores an edge's uploaded batch exactly once; see <see cref="EventIngest"/>.</summary>
public interface IEventIngest
{
    Task<IngestResult> IngestAsync(string edgeId, IEnumerable<EdgeEvent> events, CancellationToken cancellationToken);
}
