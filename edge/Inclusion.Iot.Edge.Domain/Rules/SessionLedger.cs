using Inclusion.Iot.Edge.Domain.Events;
using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Domain.Rules;

/// <summary>
/// Keeps <see cref="RoomState.SessionLog"/> from a decision's events: a session started or joined counts for its pupils,
/// a change of kind follows, an aborted session is taken out (R-WEEK: "a session counts once started, unless aborted").
/// Entries older than <see cref="Kept"/> are dropped (the server's count covers them by then), and so are those of a
/// session that ended as a kind that does not count (unloading, open use): its kind can no longer change, and the log is
/// part of the room state the edge writes with every decision, so it must not grow with every open-use visit.
/// </summary>
public static class SessionLedger
{
    public static readonly TimeSpan Kept = TimeSpan.FromDays(9);

    public static RoomState Follow(RoomState state, IReadOnlyList<RoomEvent> events, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(events);
        if (!events.Any(e => e is SessionStarted or PupilJoined or SessionReplanned or SessionEnded)) return state;
        var log = state.SessionLog.Where(c => now - c.StartedAt < Kept).ToList();
        foreach (var e in events)
        {
            switch (e)
            {
                case SessionStarted started:
                    log.AddRange(started.PupilIds.Select(p => new CountedSession(started.SessionId, p, started.Kind, started.OccurredAt)));
                    break;
                case PupilJoined joined:
                    var kind = state.Session?.SessionId == joined.SessionId ? state.Session.Kind : log.LastOrDefault(c => c.SessionId == joined.SessionId)?.Kind ?? SessionKind.Group;
                    log.Add(new CountedSession(joined.SessionId, joined.PupilId, kind, joined.OccurredAt));
                    break;
                case SessionReplanned replanned:
                    log = [.. log.Select(c => c.SessionId == replanned.SessionId ? c with { Kind = replanned.Kind } : c)];
                    break;
                case SessionEnded { Reason: SessionEndReason.AbortedOnPanel } aborted:
                    log.RemoveAll(c => c.SessionId == aborted.SessionId);
                    break;
                case SessionEnded ended:
                    log.RemoveAll(c => c.SessionId == ended.SessionId && !c.Kind.IsCorrectional());
                    break;
            }
        }

        return state with { SessionLog = log };
    }
}
