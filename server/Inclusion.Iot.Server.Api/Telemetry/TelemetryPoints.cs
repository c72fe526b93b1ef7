using System.Text;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Server.Records.Sessions;

namespace Inclusion.Iot.Server.Api.Telemetry;

/// <summary>Where an event happened, from the server's records: the edge's room and the room's organisation.</summary>
public sealed record TelemetryRoom(string OrganisationId, string RoomId);

/// <summary>What the server's session record says about a session when it ended (after every join, extension and replan).</summary>
public sealed record TelemetrySession(string Kind, int PlannedMinutes, int Pupils);

/// <summary>
/// The measurement schema Grafana reads (server/README.md, "Telemetry"). Tags carry pseudonymous ids and codes only,
/// never names or typed text. A point depends only on the event, its room and (for <c>session</c>) the ended session's
/// record, so the same event always gives the same point: a re-send overwrites it in InfluxDB.
/// <para>
/// Timestamps: the event's <c>occurred_at</c> in whole milliseconds, times 1,000,000, plus the edge sequence modulo
/// 1,000,000 in the sub-millisecond digits (nanosecond precision). Two events of one series in the same millisecond
/// therefore keep distinct timestamps (an edge's sequences are consecutive), and the sequence is also a field.
/// </para>
/// </summary>
public static class TelemetryPoints
{
    public const string Session = "session";
    public const string SessionStarted = "session_started";
    public const string Occupancy = "occupancy";
    public const string DeviceHealth = "device_health";
    public const string Alert = "alert";
    public const string Decision = "decision";

    /// <summary>A tag whose code is empty (e.g. an unknown badge has no rule).</summary>
    public const string None = "none";

    /// <summary>
    /// The point for an event, or null for kinds that are not exported. <paramref name="occurredAt"/> is the raw
    /// event's stored time; <paramref name="session"/> answers for a session id (null when the server has no record).
    /// </summary>
    public static TelemetryPoint? For(EdgeEvent edgeEvent, DateTime occurredAt, TelemetryRoom room, Func<string, TelemetrySession?> session)
    {
        ArgumentNullException.ThrowIfNull(edgeEvent);
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(session);
        var timestamp = TimestampNs(occurredAt, edgeEvent.Sequence);
        switch (edgeEvent.BodyCase)
        {
            case EdgeEvent.BodyOneofCase.SessionEnded:
                var ended = edgeEvent.SessionEnded;
                var record = session(ended.SessionId);
                return Point(Session, room, timestamp, edgeEvent.Sequence,
                    [
                        ("kind", record?.Kind ?? Data.SessionKind.Unspecified.Name()),
                        ("end_reason", SnakeCase(ended.Reason.ToString())),
                    ],
                    [
                        ("planned_minutes", record?.PlannedMinutes ?? 0),
                        ("actual_seconds", ended.ActualSeconds),
                        ("overrun_seconds", ended.OverrunSeconds),
                        ("pupils", record?.Pupils ?? 0),
                    ]);

            case EdgeEvent.BodyOneofCase.SessionStarted:
                var started = edgeEvent.SessionStarted;
                return Point(SessionStarted, room, timestamp, edgeEvent.Sequence,
                    [("kind", SnakeCase(started.Kind.ToString()))],
                    [
                        ("pupils", started.PupilIds.Distinct(StringComparer.Ordinal).Count()),
                        ("planned_minutes", started.PlannedMinutes),
                    ]);

            case EdgeEvent.BodyOneofCase.OccupancyIntervalEnded:
                var interval = edgeEvent.OccupancyIntervalEnded;
                var seconds = interval.StartedAt is null
                    ? 0
                    : (long)Math.Max(0, Math.Floor((Utc(occurredAt) - interval.StartedAt.ToDateTime()).TotalSeconds));
                return Point(Occupancy, room, timestamp, edgeEvent.Sequence, [], [("seconds", seconds)]);

            case EdgeEvent.BodyOneofCase.DeviceHealthChanged:
                var health = edgeEvent.DeviceHealthChanged;
                var fields = new List<(string, long)> { ("online", health.Status == DeviceHealthStatus.Offline ? 0 : 1) };
                if (health.HasBatteryPercent) fields.Add(("battery", health.BatteryPercent));
                if (health.HasLinkQuality) fields.Add(("link_quality", health.LinkQuality));
                return Point(DeviceHealth, room, timestamp, edgeEvent.Sequence,
                    [("device", health.Device), ("status", SnakeCase(health.Status.ToString()))], fields);

            case EdgeEvent.BodyOneofCase.DeviceAvailabilityChanged:
                var availability = edgeEvent.DeviceAvailabilityChanged;
                return Point(DeviceHealth, room, timestamp, edgeEvent.Sequence,
                    [("device", availability.Device), ("status", availability.Online ? "online" : "offline")],
                    [("online", availability.Online ? 1 : 0)]);

            case EdgeEvent.BodyOneofCase.AlertRaised:
                return Point(Alert, room, timestamp, edgeEvent.Sequence,
                    [("kind", SnakeCase(edgeEvent.AlertRaised.Kind.ToString()))], [("active", 1)]);

            case EdgeEvent.BodyOneofCase.AlertCleared:
                var cleared = edgeEvent.AlertCleared;
                return Point(Alert, room, timestamp, edgeEvent.Sequence,
                    [("kind", SnakeCase(cleared.Kind.ToString()))], [("active", 0), ("seconds_to_clear", cleared.SecondsToClear)]);

            case EdgeEvent.BodyOneofCase.BadgeRefused:
                var refused = edgeEvent.BadgeRefused;
                return Point(Decision, room, timestamp, edgeEvent.Sequence,
                    [("outcome", "refused"), ("rule_id", refused.RuleId), ("reason", SnakeCase(refused.Reason.ToString()))], [("count", 1)]);

            // The override's typed reason is free text (it may hold a name): never exported.
            case EdgeEvent.BodyOneofCase.RuleOverridden:
                return Point(Decision, room, timestamp, edgeEvent.Sequence,
                    [("outcome", "overridden"), ("rule_id", edgeEvent.RuleOverridden.RuleId)], [("count", 1)]);

            case EdgeEvent.BodyOneofCase.RuleWarned:
                var warned = edgeEvent.RuleWarned;
                return Point(Decision, room, timestamp, edgeEvent.Sequence,
                    [("outcome", "warned"), ("rule_id", warned.RuleId), ("reason", SnakeCase(warned.Reason.ToString()))], [("count", 1)]);

            default:
                return null;
        }
    }

    /// <summary>
    /// The point's timestamp in nanoseconds: <c>occurred_at</c> truncated to the millisecond × 1,000,000 + the edge
    /// sequence mod 1,000,000.
    /// </summary>
    public static long TimestampNs(DateTime occurredAt, long sequence)
    {
        var milliseconds = new DateTimeOffset(Utc(occurredAt)).ToUnixTimeMilliseconds();
        return checked((milliseconds * 1_000_000) + (sequence % 1_000_000));
    }

    /// <summary>A contract enum's C# name as snake_case: <c>EscortBadgedOut</c> → <c>escort_badged_out</c>.</summary>
    public static string SnakeCase(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) builder.Append('_');
            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }

    private static DateTime Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    private static TelemetryPoint Point(
        string measurement, TelemetryRoom room, long timestamp, long sequence, (string Key, string Value)[] tags, IEnumerable<(string Key, long Value)> fields)
    {
        var tagSet = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["organisation_id"] = room.OrganisationId,
            ["room_id"] = room.RoomId,
        };
        foreach (var (key, value) in tags)
        {
            tagSet[key] = string.IsNullOrEmpty(value) ? None : value;
        }

        var fieldSet = new SortedDictionary<string, long>(StringComparer.Ordinal) { ["sequence"] = sequence };
        foreach (var (key, value) in fields)
        {
            fieldSet[key] = value;
        }

        return new TelemetryPoint(measurement, tagSet, fieldSet, timestamp);
    }
}
