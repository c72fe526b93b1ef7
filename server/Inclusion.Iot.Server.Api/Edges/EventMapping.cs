using Google.Protobuf;
using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Incoming;
using Inclusion.Iot.Server.Records.Projections;
using V1 = Inclusion.Iot.Contracts.Edge.V1;

namespace Inclusion.Iot.Server.Api.Edges;

/// <summary>
/// The contract's events to the records' own types, once, at the gateway (and for the rebuild, from a raw event's
/// stored bytes). The raw log keeps the protobuf bytes and the body case's name as its kind; the records read the body.
/// </summary>
internal sealed class EventMapping : IEventBodyDecoder
{
    public EventBody Decode(string kind, ReadOnlyMemory<byte> payload) => ToRecord(V1.EdgeEvent.Parser.ParseFrom(payload.Span));

    public static EdgeBatch ToRecord(V1.UploadEventsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var events = new IncomingEvent[request.Events.Count];
        for (var i = 0; i < events.Length; i++)
        {
            events[i] = ToIncoming(request.Events[i]);
        }

        return new EdgeBatch(request.EdgeId, request.SentMonotonicMs > 0 ? request.SentMonotonicMs : null, events);
    }

    public static IncomingEvent ToIncoming(V1.EdgeEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new IncomingEvent(e.Sequence, e.OccurredAt?.ToDateTime(), e.MonotonicMs, e.ClockSynchronised, e.BodyCase.ToString(), e.ToByteArray(), ToRecord(e));
    }

    public static EventBody ToRecord(V1.EdgeEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.BodyCase switch
        {
            V1.EdgeEvent.BodyOneofCase.EdgeStarted => new EdgeStarted(NullIfEmpty(e.EdgeStarted.SoftwareVersion)),
            V1.EdgeEvent.BodyOneofCase.SessionStarted => e.SessionStarted is var s
                ? new SessionStarted(s.SessionId, ToRecord(s.Kind), [.. s.PupilIds.Distinct(StringComparer.Ordinal)], [.. s.EscortStaffIds.Distinct(StringComparer.Ordinal)],
                    s.PlannedMinutes, s.Brightness, s.ColorTempMireds, [.. s.ProgrammeEntryIds], NullIfEmpty(s.PlannedLimitedBy))
                : OtherEvent.Instance,
            V1.EdgeEvent.BodyOneofCase.SessionEnded => e.SessionEnded is var x
                ? new SessionEnded(x.SessionId, ToRecord(x.Reason), x.ActualSeconds, NullIfEmpty(x.EndedByStaffId), x.OverrunSeconds)
                : OtherEvent.Instance,
            V1.EdgeEvent.BodyOneofCase.SessionExtended => new SessionExtended(e.SessionExtended.SessionId, e.SessionExtended.AddedMinutes, e.SessionExtended.PlannedMinutes),
            V1.EdgeEvent.BodyOneofCase.SessionReplanned => e.SessionReplanned is var r
                ? new SessionReplanned(r.SessionId, ToRecord(r.Kind), r.PlannedMinutes, r.Brightness, r.ColorTempMireds, NullIfEmpty(r.PlannedLimitedBy))
                : OtherEvent.Instance,
            V1.EdgeEvent.BodyOneofCase.PupilJoined => e.PupilJoined is var p
                ? new PupilJoined(p.SessionId, p.PupilId, NullIfEmpty(p.EscortStaffId), NullIfEmpty(p.ProgrammeEntryId), p.AddedOnPanel)
                : OtherEvent.Instance,
            V1.EdgeEvent.BodyOneofCase.EscortJoined => new EscortJoined(e.EscortJoined.SessionId, e.EscortJoined.StaffId),
            V1.EdgeEvent.BodyOneofCase.BadgeRefused => e.BadgeRefused is var b
                ? new BadgeRefused(NullIfEmpty(b.Reader), ToRecord(b.Reason), NullIfEmpty(b.HolderId), NullIfEmpty(b.RuleId))
                : OtherEvent.Instance,
            V1.EdgeEvent.BodyOneofCase.RuleWarned => e.RuleWarned is var w
                ? new RuleWarned(w.RuleId, NullIfEmpty(w.PupilId), NullIfEmpty(w.SessionId), ToRecord(w.Reason), w.Count, w.Limit)
                : OtherEvent.Instance,
            V1.EdgeEvent.BodyOneofCase.RuleOverridden => e.RuleOverridden is var o
                ? new RuleOverridden(o.RuleId, NullIfEmpty(o.PupilId), NullIfEmpty(o.StaffId), NullIfEmpty(o.Reason))
                : OtherEvent.Instance,
            V1.EdgeEvent.BodyOneofCase.OccupancyIntervalStarted => new OccupancyIntervalStarted([.. e.OccupancyIntervalStarted.Sensors]),
            V1.EdgeEvent.BodyOneofCase.OccupancyIntervalEnded => new OccupancyIntervalEnded(e.OccupancyIntervalEnded.StartedAt?.ToDateTime(), [.. e.OccupancyIntervalEnded.Sensors]),
            V1.EdgeEvent.BodyOneofCase.DeviceHealthChanged => e.DeviceHealthChanged is var h
                ? new DeviceHealthChanged(h.Device, ToRecord(h.Status), h.LastSeen?.ToDateTime(), h.HasBatteryPercent ? h.BatteryPercent : null,
                    h.HasLinkQuality ? h.LinkQuality : null, NullIfEmpty(h.Reason))
                : OtherEvent.Instance,
            V1.EdgeEvent.BodyOneofCase.DeviceAvailabilityChanged => new DeviceAvailabilityChanged(e.DeviceAvailabilityChanged.Device, e.DeviceAvailabilityChanged.Online),
            V1.EdgeEvent.BodyOneofCase.AlertRaised => new AlertRaised(ToRecord(e.AlertRaised.Kind), e.AlertRaised.Since?.ToDateTime()),
            V1.EdgeEvent.BodyOneofCase.AlertCleared => e.AlertCleared is var c
                ? new AlertCleared(ToRecord(c.Kind), c.RaisedAt?.ToDateTime(), c.SecondsToClear, NullIfEmpty(c.StaffId))
                : OtherEvent.Instance,
            _ => OtherEvent.Instance,
        };
    }

    public static SessionKind ToRecord(V1.SessionKind kind) => kind switch
    {
        V1.SessionKind.Individual => SessionKind.Individual,
        V1.SessionKind.Group => SessionKind.Group,
        V1.SessionKind.Unloading => SessionKind.Unloading,
        V1.SessionKind.OpenUse => SessionKind.OpenUse,
        _ => SessionKind.Unspecified,
    };

    public static SessionEndReason ToRecord(V1.SessionEndReason reason) => reason switch
    {
        V1.SessionEndReason.EndedOnPanel => SessionEndReason.EndedOnPanel,
        V1.SessionEndReason.EscortBadgedOut => SessionEndReason.EscortBadgedOut,
        V1.SessionEndReason.OverrunLimit => SessionEndReason.OverrunLimit,
        V1.SessionEndReason.AbortedOnPanel => SessionEndReason.AbortedOnPanel,
        V1.SessionEndReason.AllPupilsLeft => SessionEndReason.AllPupilsLeft,
        _ => SessionEndReason.Unspecified,
    };

    /// <summary>The numbering is the contract's (and a newer reason than this server knows is kept as unspecified).</summary>
    public static RefusalReason ToRecord(V1.RefusalReason reason) =>
        Enum.IsDefined((RefusalReason)(int)reason) ? (RefusalReason)(int)reason : RefusalReason.Unspecified;

    public static DeviceHealthStatus ToRecord(V1.DeviceHealthStatus status) => status switch
    {
        V1.DeviceHealthStatus.Ok => DeviceHealthStatus.Ok,
        V1.DeviceHealthStatus.Offline => DeviceHealthStatus.Offline,
        V1.DeviceHealthStatus.Stale => DeviceHealthStatus.Stale,
        V1.DeviceHealthStatus.LowBattery => DeviceHealthStatus.LowBattery,
        _ => DeviceHealthStatus.Unspecified,
    };

    public static AlertKind ToRecord(V1.AlertKind kind) => kind switch
    {
        V1.AlertKind.UnescortedPresence => AlertKind.UnescortedPresence,
        V1.AlertKind.LastEscortLeft => AlertKind.LastEscortLeft,
        _ => AlertKind.Unspecified,
    };

    private static string? NullIfEmpty(string value) => string.IsNullOrEmpty(value) ? null : value;
}
