namespace Inclusion.Iot.Server.Records.Incoming;

/// <summary>One upload of one edge, as the records see it.</summary>
/// <param name="EdgeId">The uploading edge.</param>
/// <param name="SentMonotonicMs">The edge's monotonic clock (ms since its process started) when it sent the upload;
/// null from an edge that does not say (places unsynchronised events without an anchor at the receipt time).</param>
/// <param name="Events">The events, in any order; the ingest sorts them by sequence.</param>
public sealed record EdgeBatch(string EdgeId, long? SentMonotonicMs, IReadOnlyList<IncomingEvent> Events);
