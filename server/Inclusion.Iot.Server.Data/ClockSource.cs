namespace Inclusion.Iot.Server.Data;

/// <summary>How the server placed an event in time (<c>occurred_at</c>); the edge's own claim is kept beside it.</summary>
public enum ClockSource
{
    /// <summary>The edge's wall clock was synchronised: its claim is the time.</summary>
    Edge = 1,

    /// <summary>Unsynchronised, placed from the edge's last synchronised event in the same process run: anchor time +
    /// (monotonic − anchor's monotonic).</summary>
    Anchored = 2,

    /// <summary>Unsynchronised with no anchor: placed from the server's receipt time (minus the upload's
    /// sent_monotonic_ms − the event's monotonic_ms when the event is from the run that sent it).</summary>
    Receipt = 3,
}
