using Inclusion.Iot.Edge.Domain.Configuration;
using Inclusion.Iot.Edge.Domain.Events;
using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Domain.Rules;

/// <summary>
/// R-ESCORT after every decision: the unescorted-presence alarm and the fail-safe lock. Pure: (state before, decision,
/// policy, now) → the state with its alert and lock, and the extra events and effects.
/// <list type="bullet">
/// <item>Occupied with no escort present for the grace period raises <see cref="AlertKind.UnescortedPresence"/>; the last
/// escort badging out of a session while the room is occupied raises <see cref="AlertKind.LastEscortLeft"/> at once. An
/// escort arriving clears it, and the time to clear is recorded.</item>
/// <item>The lock holds against entry; an accepted badge releases it for the policy's unlock time. A fire alarm releases
/// it and latches it released until a person resets the latch on the panel. Nothing else ever releases or holds it.</item>
/// </list>
/// </summary>
public static class SafetyWatch
{
    public static RoomDecision Follow(RoomState before, RoomDecision decision, RoomRules rules, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(rules);
        var state = decision.State;
        List<RoomEvent> events = [.. decision.Events];
        List<RoomEffect> effects = [.. decision.Effects];

        // The lock.
        if (decision.Events.OfType<FireAlarmChanged>().Any(f => f.Active))
        {
            state = state with { FireLatched = true, LockReleasedUntil = null };
        }
        else if (!state.FireLatched && decision.Events.Any(e => e is BadgeAccepted or PupilJoined { AddedOnPanel: true }))
        {
            state = state with { LockReleasedUntil = now + rules.Safety.Unlock };
            if (!effects.OfType<ReleaseLocks>().Any()) effects.Add(new ReleaseLocks());
        }
        else if (!state.FireLatched && state.LockReleasedUntil is { } until && now >= until)
        {
            state = state with { LockReleasedUntil = null };
            effects.Add(new HoldLocks());
        }

        // The escort.
        var escort = state.Session is { Escorts.Count: > 0 } || state.Escorts.Count > 0;
        if (escort)
        {
            if (state.Alert is { } alert)
            {
                var staff = decision.Events.OfType<BadgeAccepted>().LastOrDefault(b => b.HolderKind == BadgeHolderKind.Staff)?.HolderId;
                events.Add(new AlertCleared(now, alert.Kind, alert.RaisedAt, (int)Math.Max(0, (now - alert.RaisedAt).TotalSeconds), staff));
                effects.Add(new PublishAlert(alert.Kind, false, alert.Since));
            }

            state = state with { Alert = null, UnescortedSince = null };
        }
        else if (state.Occupied == true)
        {
            var since = state.UnescortedSince ?? now;
            state = state with { UnescortedSince = since };
            var leftBehind = decision.Events.OfType<SessionEnded>().Any(e => e.Reason == SessionEndReason.EscortBadgedOut);
            if (state.Alert is null && (leftBehind || now - since >= rules.Safety.UnescortedGrace))
            {
                var kind = leftBehind ? AlertKind.LastEscortLeft : AlertKind.UnescortedPresence;
                var raised = new RoomAlert(kind, leftBehind ? now : since, now);
                state = state with { Alert = raised };
                events.Add(new AlertRaised(now, kind, raised.Since));
                effects.Add(new PublishAlert(kind, true, raised.Since));
            }
        }
        else
        {
            // Nobody detected: the grace starts again from the next detection; an alert stays until an escort comes.
            state = state with { UnescortedSince = null };
        }

        if (events.Count != decision.Events.Count && !effects.OfType<PublishRoomState>().Any()) effects.Add(new PublishRoomState());
        return decision with { State = state, Events = events, Effects = effects, StateChanged = decision.StateChanged || state != decision.State };
    }
}
