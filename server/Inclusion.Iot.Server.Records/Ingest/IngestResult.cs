namespace Inclusion.Iot.Server.Records.Ingest;

/// <summary>What one uploaded batch did.</summary>
/// <param name="AcknowledgedSequence">Every event of the edge up to this sequence is stored (the high-water).</param>
/// <param name="Stored">Events stored now.</param>
/// <param name="Duplicates">Events already held (replays), skipped.</param>
/// <param name="GapAfter">When the batch skipped a sequence: the high-water before the gap; the rest of the batch was not stored.</param>
public sealed record IngestResult(long AcknowledgedSequence, int Stored, int Duplicates, long? GapAfter);
