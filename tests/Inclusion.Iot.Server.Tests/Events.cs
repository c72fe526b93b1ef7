using Google.Protobuf.WellKnownTypes;
using Inclusion.Iot.Contracts.Edge.V1;

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
