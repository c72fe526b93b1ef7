using Google.Protobuf.WellKnownTypes;
using Inclusion.Iot.Contracts.Edge.V1;

namespace Inclusion.Iot.Server.Tests.Telemetry;

/// <summary>Edge events of every exported kind (and some that are not), one second apart from <see cref="Start"/>.</summary>
internal static class TelemetryEvents
{
    /// <summary>
    /// An hour before this run's start, to the minute: VictoriaMetrics (retention 1 day in the fixture) drops samples
    /// older than its retention, so the points must be recent by the real clock.
    /// </summary>
    public static readonly DateTimeOffset Start = new DateTimeOffset(DateTime.UtcNow.Ticks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero).AddHours(-1);

    /// <summary>Typed on the panel as an override's reason: free text that must never reach the time-series database.</summary>
    public const string OverrideReason = "Taras K. has a review today";

    public static EdgeEvent SessionStarted(long sequence, string sessionId, params string[] pupils) => At(sequence, new EdgeEvent
    {
        SessionStarted = new SessionStarted
        {
            SessionId = sessionId,
            Kind = SessionKind.Individual,
            PupilIds = { pupils },
            EscortStaffIds = { "staff-olena" },
            PlannedMinutes = 20,
            Brightness = 180,
            ColorTempMireds = 300,
        },
    });

    public static EdgeEvent PupilJoined(long sequence, string sessionId, string pupilId) =>
        At(sequence, new EdgeEvent { PupilJoined = new PupilJoined { SessionId = sessionId, PupilId = pupilId, EscortStaffId = "staff-olena" } });

    public static EdgeEvent Extended(long sequence, string sessionId, int plannedMinutes) =>
        At(sequence, new EdgeEvent { SessionExtended = new SessionExtended { SessionId = sessionId, AddedMinutes = 5, PlannedMinutes = plannedMinutes } });

    public static EdgeEvent SessionEnded(long sequence, string sessionId, int actualSeconds, int overrunSeconds) => At(sequence, new EdgeEvent
    {
        SessionEnded = new SessionEnded
        {
            SessionId = sessionId,
            Reason = SessionEndReason.EscortBadgedOut,
            ActualSeconds = actualSeconds,
            OverrunSeconds = overrunSeconds,
            EndedByStaffId = "staff-olena",
        },
    });

    public static EdgeEvent OccupancyEnded(long sequence, int seconds)
    {
        var edgeEvent = At(sequence, new EdgeEvent { OccupancyIntervalEnded = new OccupancyIntervalEnded { Sensors = { "presence" } } });
        edgeEvent.OccupancyIntervalEnded.StartedAt = Timestamp.FromDateTimeOffset(Start.AddSeconds(sequence - seconds));
        return edgeEvent;
    }

    public static EdgeEvent Health(long sequence, string device, DeviceHealthStatus status, int? battery = null, int? linkQuality = null)
    {
        var health = new DeviceHealthChanged { Device = device, Status = status };
        if (battery is { } b) health.BatteryPercent = b;
        if (linkQuality is { } q) health.LinkQuality = q;
        return At(sequence, new EdgeEvent { DeviceHealthChanged = health });
    }

    public static EdgeEvent Availability(long sequence, string device, bool online) =>
        At(sequence, new EdgeEvent { DeviceAvailabilityChanged = new DeviceAvailabilityChanged { Device = device, Online = online } });

    public static EdgeEvent AlertRaised(long sequence, AlertKind kind) =>
        At(sequence, new EdgeEvent { AlertRaised = new AlertRaised { Kind = kind, Since = Timestamp.FromDateTimeOffset(Start) } });

    public static EdgeEvent AlertCleared(long sequence, AlertKind kind, int secondsToClear) =>
        At(sequence, new EdgeEvent { AlertCleared = new AlertCleared { Kind = kind, SecondsToClear = secondsToClear, StaffId = "staff-olena" } });

    public static EdgeEvent Refused(long sequence, RefusalReason reason, string ruleId) =>
        At(sequence, new EdgeEvent { BadgeRefused = new BadgeRefused { Reader = "entry-reader", Reason = reason, HolderId = "p-3f9a1c", RuleId = ruleId } });

    public static EdgeEvent Overridden(long sequence, string ruleId) =>
        At(sequence, new EdgeEvent { RuleOverridden = new RuleOverridden { RuleId = ruleId, PupilId = "p-3f9a1c", StaffId = "staff-olena", Reason = OverrideReason } });

    public static EdgeEvent Warned(long sequence, string sessionId) =>
        At(sequence, new EdgeEvent { RuleWarned = new RuleWarned { RuleId = "R-WEEK", PupilId = "p-3f9a1c", SessionId = sessionId, Reason = RefusalReason.WeeklyLimit, Count = 2, Limit = 2 } });

    public static EdgeEvent Occupancy(long sequence, bool occupied) => Events.Occupancy(sequence, occupied);

    /// <summary>The event's occurred_at in Unix milliseconds.</summary>
    public static long Milliseconds(long sequence) => Start.AddSeconds(sequence).ToUnixTimeMilliseconds();

    private static EdgeEvent At(long sequence, EdgeEvent edgeEvent) => Events.At(sequence, edgeEvent, Start);
}
