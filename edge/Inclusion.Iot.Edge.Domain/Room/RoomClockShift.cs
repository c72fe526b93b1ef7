using Inclusion.Iot.Edge.Domain.Health;
using Inclusion.Iot.Edge.Domain.Occupancy;

namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>
/// Moves every instant the room keeps by a wall-clock jump, so what runs follows the monotonic clock: a session's remaining
/// time, the escort window, the devices' last seen and the sensors' holds are what they were before the jump.
/// </summary>
public static class RoomClockShift
{
    public static RoomState Shift(RoomState state, TimeSpan delta)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (delta == TimeSpan.Zero) return state;
        return state with
        {
            Session = state.Session is { } session ? session with { StartedAt = session.StartedAt + delta } : null,
            Escorts = [.. state.Escorts.Select(e => e with { BadgedAt = e.BadgedAt + delta })],
            AdmitUntil = state.AdmitUntil + delta,
            WaitingPupil = state.WaitingPupil is { } waiting ? waiting with { Until = waiting.Until + delta } : null,
            PendingOverride = state.PendingOverride is { } pending ? pending with { Until = pending.Until + delta } : null,
            LockReleasedUntil = state.LockReleasedUntil + delta,
            UnescortedSince = state.UnescortedSince + delta,
            LastRefusal = state.LastRefusal is { } refusal ? refusal with { At = refusal.At + delta } : null,
            Health = state.Health with
            {
                Devices = state.Health.Devices.ToDictionary(
                    d => d.Key,
                    d => d.Value with { KnownSince = d.Value.KnownSince + delta, LastSeen = d.Value.LastSeen + delta },
                    StringComparer.Ordinal),
            },
            Occupancy = Shift(state.Occupancy, delta),
        };
    }

    private static OccupancyFusionState Shift(OccupancyFusionState fusion, TimeSpan delta) => fusion with
    {
        IntervalStartedAt = fusion.IntervalStartedAt + delta,
        LastDetectionSeenAt = fusion.LastDetectionSeenAt + delta,
        Sensors = fusion.Sensors.ToDictionary(
            s => s.Key,
            s => s.Value with { ActiveAt = s.Value.ActiveAt + delta, InactiveSince = s.Value.InactiveSince + delta },
            StringComparer.Ordinal),
    };
}
