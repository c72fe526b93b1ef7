using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Incoming;

namespace Inclusion.Iot.Server.Records.Ingest;

/// <summary>
/// Places an edge's events in time. A synchronised event keeps the edge's claim and becomes the anchor (its time and
/// monotonic_ms, kept on the edge's row). An unsynchronised one is placed from the anchor of the same process run
/// (anchor time + its monotonic_ms − the anchor's); without one, from the receipt: receipt − (sent_monotonic_ms −
/// monotonic_ms) when the event is from the run that sent the upload, else the receipt time itself. An EdgeStarted,
/// or monotonic_ms going backwards, starts a new run and drops the anchor.
/// </summary>
internal static class ClockPlacement
{
    /// <summary>The placement of <paramref name="events"/> (the stored ones, ascending, contiguous), updating the
    /// edge's anchor and last monotonic reading.</summary>
    public static (DateTime OccurredAt, ClockSource Source)[] Place(Edge edge, IReadOnlyList<IncomingEvent> events, long? sentMonotonicMs, DateTime receivedAt)
    {
        var placed = new (DateTime, ClockSource)[events.Count];
        // From the run that sent the upload: nothing after it in the batch starts a new run, and it is not later than the send.
        var currentRun = new bool[events.Count];
        var laterRestart = false;
        for (var i = events.Count - 1; i >= 0; i--)
        {
            currentRun[i] = !laterRestart && sentMonotonicMs is { } sent && events[i].MonotonicMs <= sent;
            if (events[i].Body is EdgeStarted || (i > 0 && events[i].MonotonicMs < events[i - 1].MonotonicMs)) laterRestart = true;
        }

        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (e.Body is EdgeStarted || (edge.LastMonotonicMs is { } last && e.MonotonicMs < last))
            {
                edge.ClockAnchorAt = null;
                edge.ClockAnchorMonotonicMs = null;
            }

            if (e.ClockSynchronised && e.EdgeOccurredAt is { } claim)
            {
                placed[i] = (claim, ClockSource.Edge);
                edge.ClockAnchorAt = claim;
                edge.ClockAnchorMonotonicMs = e.MonotonicMs;
            }
            else if (edge.ClockAnchorAt is { } anchorAt && edge.ClockAnchorMonotonicMs is { } anchorMs)
            {
                placed[i] = (anchorAt.AddMilliseconds(e.MonotonicMs - anchorMs), ClockSource.Anchored);
            }
            else if (currentRun[i])
            {
                placed[i] = (receivedAt.AddMilliseconds(-(sentMonotonicMs!.Value - e.MonotonicMs)), ClockSource.Receipt);
            }
            else
            {
                placed[i] = (receivedAt, ClockSource.Receipt);
            }

            edge.LastMonotonicMs = e.MonotonicMs;
        }

        return placed;
    }
}
