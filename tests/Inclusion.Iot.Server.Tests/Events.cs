using Google.Protobuf.WellKnownTypes;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Server.Api.Demo;
using Inclusion.Iot.Server.Api.Edges;

namespace Inclusion.Iot.Server.Tests;

/// <summary>Edge events as the edge uploads them.</summary>
internal static class Events
{
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    public static EdgeEvent Started(long sequence, string sessionId, string pupilId = "p-3f9a1c", string escort = "staff-olena", string plannedLimitedBy = "") =>
        At(sequence, new EdgeEvent
        {
            SessionStarted = new SessionStarted
            {
                SessionId = sessionId,
                Kind = SessionKind.Individual,
                PupilIds = { pupilId },
                EscortStaffIds = { escort },
                PlannedMinutes = 20,
                Brightness = 180,
                ColorTempMireds = 300,
                ProgrammeEntryIds = { $"ipr-{pupilId}-sensory" },
                PlannedLimitedBy = plannedLimitedBy,
            },
        });

    public static EdgeEvent Ended(long sequence, string sessionId, SessionEndReason reason = SessionEndReason.EscortBadgedOut, int seconds = 8) =>
        At(sequence, new EdgeEvent
        {
            SessionEnded = new SessionEnded { SessionId = sessionId, Reason = reason, ActualSeconds = seconds, EndedByStaffId = "staff-olena" },
        });

    public static EdgeEvent Occupancy(long sequence, bool occupied) =>
        At(sequence, new EdgeEvent { OccupancyChanged = new OccupancyChanged { Sensor = "presence", Occupied = occupied } });

    public static EdgeEvent PupilJoined(long sequence, string sessionId, string pupilId, string programmeEntryId = "") =>
        At(sequence, new EdgeEvent { PupilJoined = new PupilJoined { SessionId = sessionId, PupilId = pupilId, EscortStaffId = "staff-olena", ProgrammeEntryId = programmeEntryId } });

    public static EdgeEvent EscortJoined(long sequence, string sessionId, string staffId) =>
        At(sequence, new EdgeEvent { EscortJoined = new EscortJoined { SessionId = sessionId, StaffId = staffId } });

    public static EdgeEvent Extended(long sequence, string sessionId, int plannedMinutes) =>
        At(sequence, new EdgeEvent { SessionExtended = new SessionExtended { SessionId = sessionId, AddedMinutes = 5, PlannedMinutes = plannedMinutes } });

    public static EdgeEvent Replanned(long sequence, string sessionId, SessionKind kind, int plannedMinutes, string plannedLimitedBy = "") =>
        At(sequence, new EdgeEvent { SessionReplanned = new SessionReplanned { SessionId = sessionId, Kind = kind, PlannedMinutes = plannedMinutes, Brightness = 120, ColorTempMireds = 350, PlannedLimitedBy = plannedLimitedBy } });

    public static EdgeEvent Refused(long sequence, RefusalReason reason, string ruleId, string holderId = "p-3f9a1c") =>
        At(sequence, new EdgeEvent { BadgeRefused = new BadgeRefused { Reader = "entry-reader", Reason = reason, HolderId = holderId, RuleId = ruleId } });

    public static EdgeEvent Warned(long sequence, string sessionId, string pupilId = "p-3f9a1c", int count = 2, int limit = 2) =>
        At(sequence, new EdgeEvent { RuleWarned = new RuleWarned { RuleId = "R-WEEK", PupilId = pupilId, SessionId = sessionId, Reason = RefusalReason.WeeklyLimit, Count = count, Limit = limit } });

    public static EdgeEvent Overridden(long sequence, string ruleId, string pupilId, string staffId = "staff-olena", string reason = "Agreed with the parents") =>
        At(sequence, new EdgeEvent { RuleOverridden = new RuleOverridden { RuleId = ruleId, PupilId = pupilId, StaffId = staffId, Reason = reason } });

    public static EdgeEvent EdgeStarted(long sequence, string version = "0.1.0+test") =>
        At(sequence, new EdgeEvent { EdgeStarted = new EdgeStarted { SoftwareVersion = version, ConfigurationVersion = 1 } });

    public static EdgeEvent IntervalStarted(long sequence, params string[] sensors) =>
        At(sequence, new EdgeEvent { OccupancyIntervalStarted = new OccupancyIntervalStarted { Sensors = { sensors } } });

    /// <summary>The room became empty; the interval began at <paramref name="startedSequence"/>'s second on the edge's clock.</summary>
    public static EdgeEvent IntervalEnded(long sequence, long startedSequence, params string[] sensors) =>
        At(sequence, new EdgeEvent { OccupancyIntervalEnded = new OccupancyIntervalEnded { StartedAt = Timestamp.FromDateTimeOffset(Start.AddSeconds(startedSequence)), Sensors = { sensors } } });

    public static EdgeEvent Health(long sequence, string device, DeviceHealthStatus status, int? battery = null, int? linkQuality = null, string reason = "")
    {
        var health = new DeviceHealthChanged { Device = device, Status = status, LastSeen = Timestamp.FromDateTimeOffset(Start.AddSeconds(sequence)), Reason = reason };
        if (battery is { } b) health.BatteryPercent = b;
        if (linkQuality is { } l) health.LinkQuality = l;
        return At(sequence, new EdgeEvent { DeviceHealthChanged = health });
    }

    public static EdgeEvent Availability(long sequence, string device, bool online) =>
        At(sequence, new EdgeEvent { DeviceAvailabilityChanged = new DeviceAvailabilityChanged { Device = device, Online = online } });

    public static EdgeEvent AlertRaised(long sequence, AlertKind kind) =>
        At(sequence, new EdgeEvent { AlertRaised = new AlertRaised { Kind = kind, Since = Timestamp.FromDateTimeOffset(Start.AddSeconds(sequence - 20)) } });

    public static EdgeEvent AlertCleared(long sequence, AlertKind kind, long raisedSequence, string staffId = "staff-ivan") =>
        At(sequence, new EdgeEvent
        {
            AlertCleared = new AlertCleared { Kind = kind, RaisedAt = Timestamp.FromDateTimeOffset(Start.AddSeconds(raisedSequence)), SecondsToClear = (int)(sequence - raisedSequence), StaffId = staffId },
        });

    /// <summary>An event whose edge clock was not synchronised: it read <paramref name="wall"/> (e.g. 1970) at <paramref name="monotonicMs"/>.</summary>
    public static EdgeEvent Unsynchronised(EdgeEvent edgeEvent, DateTimeOffset wall, long monotonicMs)
    {
        edgeEvent.OccurredAt = Timestamp.FromDateTimeOffset(wall);
        edgeEvent.MonotonicMs = monotonicMs;
        edgeEvent.ClockSynchronised = false;
        return edgeEvent;
    }

    /// <summary>An upload as the gateway hands it to the records: mapped once by <see cref="EventMapping"/>.</summary>
    public static Records.Incoming.EdgeBatch Batch(IEnumerable<EdgeEvent> events, string edgeId = DemoSeed.EdgeId, long? sentMonotonicMs = null) =>
        new(edgeId, sentMonotonicMs, [.. events.Select(EventMapping.ToIncoming)]);

    private static EdgeEvent At(long sequence, EdgeEvent edgeEvent) => At(sequence, edgeEvent, Start);

    /// <summary>The envelope of an event of the demo room: sequence, a second per sequence after <paramref name="start"/>, synchronised.</summary>
    public static EdgeEvent At(long sequence, EdgeEvent edgeEvent, DateTimeOffset start)
    {
        edgeEvent.Sequence = sequence;
        edgeEvent.OccurredAt = Timestamp.FromDateTimeOffset(start.AddSeconds(sequence));
        edgeEvent.MonotonicMs = sequence * 1000;
        edgeEvent.ClockSynchronised = true;
        edgeEvent.RoomId = "room-sensory-1";
        return edgeEvent;
    }
}
