using System.Globalization;
using Inclusion.Iot.Server.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Inclusion.Iot.Server.Records.Projections;

/// <summary>
/// Writes a projection step on PostgreSQL set-based, in the caller's transaction and in one round trip: one batch of at
/// most one <c>INSERT … SELECT FROM unnest(…)</c> (new rows) and one <c>UPDATE … FROM unnest(…)</c> (changed rows) per
/// table, each column sent as one array parameter. Never one statement per row. (Binary COPY, into the table and into a
/// temporary staging table for the updates, took a round trip per table and a temporary table per transaction: slower
/// per event in bench/ingest.sh; the raw events, many per call, still go by COPY.)
/// </summary>
internal static class PostgresProjectionWriter
{
    private static readonly Table<Session> Sessions = new("sessions", ["id"],
    [
        new("id", NpgsqlDbType.Text, x => x.Id),
        new("edge_id", NpgsqlDbType.Text, x => x.EdgeId),
        new("room_id", NpgsqlDbType.Text, x => x.RoomId),
        new("kind", NpgsqlDbType.Text, x => x.Kind.ToString()),
        new("planned_minutes", NpgsqlDbType.Integer, x => x.PlannedMinutes),
        new("started_planned_minutes", NpgsqlDbType.Integer, x => x.StartedPlannedMinutes),
        new("extended_minutes", NpgsqlDbType.Integer, x => x.ExtendedMinutes),
        new("planned_limited_by", NpgsqlDbType.Text, x => x.PlannedLimitedBy),
        new("started_at", NpgsqlDbType.TimestampTz, x => x.StartedAt),
        new("edge_started_at", NpgsqlDbType.TimestampTz, x => x.EdgeStartedAt),
        new("started_clock_source", NpgsqlDbType.Text, x => x.StartedClockSource.ToString()),
        new("ended_at", NpgsqlDbType.TimestampTz, x => x.EndedAt),
        new("edge_ended_at", NpgsqlDbType.TimestampTz, x => x.EdgeEndedAt),
        new("ended_clock_source", NpgsqlDbType.Text, x => x.EndedClockSource?.ToString()),
        new("end_reason", NpgsqlDbType.Text, x => x.EndReason?.ToString()),
        new("actual_seconds", NpgsqlDbType.Integer, x => x.ActualSeconds),
        new("overrun_seconds", NpgsqlDbType.Integer, x => x.OverrunSeconds),
        new("ended_by_staff_id", NpgsqlDbType.Text, x => x.EndedByStaffId),
        new("brightness", NpgsqlDbType.Integer, x => x.Brightness),
        new("color_temp_mireds", NpgsqlDbType.Integer, x => x.ColorTempMireds),
        new("programme_entry_id", NpgsqlDbType.Text, x => x.ProgrammeEntryId),
        new("override_count", NpgsqlDbType.Integer, x => x.OverrideCount),
        new("overridden_rule_ids", NpgsqlDbType.Text, x => x.OverriddenRuleIds),
    ]);

    private static readonly Table<SessionPupil> Pupils = new("session_pupils", ["session_id", "pupil_id"],
    [
        new("session_id", NpgsqlDbType.Text, x => x.SessionId),
        new("pupil_id", NpgsqlDbType.Text, x => x.PupilId),
    ]);

    private static readonly Table<SessionEscort> Escorts = new("session_escorts", ["session_id", "staff_id"],
    [
        new("session_id", NpgsqlDbType.Text, x => x.SessionId),
        new("staff_id", NpgsqlDbType.Text, x => x.StaffId),
    ]);

    private static readonly Table<OccupancyInterval> Intervals = new("occupancy_intervals", ["edge_id", "sequence"],
    [
        new("edge_id", NpgsqlDbType.Text, x => x.EdgeId),
        new("sequence", NpgsqlDbType.Bigint, x => x.Sequence),
        new("room_id", NpgsqlDbType.Text, x => x.RoomId),
        new("started_at", NpgsqlDbType.TimestampTz, x => x.StartedAt),
        new("edge_started_at", NpgsqlDbType.TimestampTz, x => x.EdgeStartedAt),
        new("clock_source", NpgsqlDbType.Text, x => x.ClockSource.ToString()),
        new("ended_at", NpgsqlDbType.TimestampTz, x => x.EndedAt),
        new("edge_ended_at", NpgsqlDbType.TimestampTz, x => x.EdgeEndedAt),
        new("ended_sequence", NpgsqlDbType.Bigint, x => x.EndedSequence),
        new("sensors", NpgsqlDbType.Text, x => x.Sensors),
        new("seconds", NpgsqlDbType.Integer, x => x.Seconds),
    ]);

    private static readonly Table<DeviceHealth> Devices = new("device_health", ["edge_id", "device"],
    [
        new("edge_id", NpgsqlDbType.Text, x => x.EdgeId),
        new("device", NpgsqlDbType.Text, x => x.Device),
        new("room_id", NpgsqlDbType.Text, x => x.RoomId),
        new("status", NpgsqlDbType.Text, x => x.Status?.ToString()),
        new("online", NpgsqlDbType.Boolean, x => x.Online),
        new("last_seen_at", NpgsqlDbType.TimestampTz, x => x.LastSeenAt),
        new("battery_percent", NpgsqlDbType.Integer, x => x.BatteryPercent),
        new("link_quality", NpgsqlDbType.Integer, x => x.LinkQuality),
        new("last_fault_reason", NpgsqlDbType.Text, x => x.LastFaultReason),
        new("fault_count", NpgsqlDbType.Integer, x => x.FaultCount),
        new("online_seconds", NpgsqlDbType.Bigint, x => x.OnlineSeconds),
        new("online_since", NpgsqlDbType.TimestampTz, x => x.OnlineSince),
        new("changed_at", NpgsqlDbType.TimestampTz, x => x.ChangedAt),
        new("edge_changed_at", NpgsqlDbType.TimestampTz, x => x.EdgeChangedAt),
        new("clock_source", NpgsqlDbType.Text, x => x.ClockSource.ToString()),
        new("last_sequence", NpgsqlDbType.Bigint, x => x.LastSequence),
    ]);

    private static readonly Table<Decision> Decisions = new("decisions", ["edge_id", "sequence"],
    [
        new("edge_id", NpgsqlDbType.Text, x => x.EdgeId),
        new("sequence", NpgsqlDbType.Bigint, x => x.Sequence),
        new("room_id", NpgsqlDbType.Text, x => x.RoomId),
        new("kind", NpgsqlDbType.Text, x => x.Kind.ToString()),
        new("rule_id", NpgsqlDbType.Text, x => x.RuleId),
        new("reason", NpgsqlDbType.Text, x => x.Reason?.ToString()),
        new("override_reason", NpgsqlDbType.Text, x => x.OverrideReason),
        new("session_id", NpgsqlDbType.Text, x => x.SessionId),
        new("pupil_id", NpgsqlDbType.Text, x => x.PupilId),
        new("staff_id", NpgsqlDbType.Text, x => x.StaffId),
        new("holder_id", NpgsqlDbType.Text, x => x.HolderId),
        new("count", NpgsqlDbType.Integer, x => x.Count),
        new("limit", NpgsqlDbType.Integer, x => x.Limit),
        new("occurred_at", NpgsqlDbType.TimestampTz, x => x.OccurredAt),
        new("edge_occurred_at", NpgsqlDbType.TimestampTz, x => x.EdgeOccurredAt),
        new("clock_source", NpgsqlDbType.Text, x => x.ClockSource.ToString()),
    ]);

    private static readonly Table<Alert> Alerts = new("alerts", ["edge_id", "sequence"],
    [
        new("edge_id", NpgsqlDbType.Text, x => x.EdgeId),
        new("sequence", NpgsqlDbType.Bigint, x => x.Sequence),
        new("room_id", NpgsqlDbType.Text, x => x.RoomId),
        new("kind", NpgsqlDbType.Text, x => x.Kind.ToString()),
        new("raised_at", NpgsqlDbType.TimestampTz, x => x.RaisedAt),
        new("edge_raised_at", NpgsqlDbType.TimestampTz, x => x.EdgeRaisedAt),
        new("clock_source", NpgsqlDbType.Text, x => x.ClockSource.ToString()),
        new("cleared_at", NpgsqlDbType.TimestampTz, x => x.ClearedAt),
        new("edge_cleared_at", NpgsqlDbType.TimestampTz, x => x.EdgeClearedAt),
        new("cleared_sequence", NpgsqlDbType.Bigint, x => x.ClearedSequence),
        new("seconds_to_clear", NpgsqlDbType.Integer, x => x.SecondsToClear),
        new("cleared_by_staff_id", NpgsqlDbType.Text, x => x.ClearedByStaffId),
    ]);

    private static readonly Table<Edge> Edges = new("edges", ["id"],
    [
        new("id", NpgsqlDbType.Text, x => x.Id),
        new("last_seen_at", NpgsqlDbType.TimestampTz, x => x.LastSeenAt),
        new("software_version", NpgsqlDbType.Text, x => x.SoftwareVersion),
        new("high_water_sequence", NpgsqlDbType.Bigint, x => x.HighWaterSequence),
        new("clock_anchor_at", NpgsqlDbType.TimestampTz, x => x.ClockAnchorAt),
        new("clock_anchor_monotonic_ms", NpgsqlDbType.Bigint, x => x.ClockAnchorMonotonicMs),
        new("last_monotonic_ms", NpgsqlDbType.Bigint, x => x.LastMonotonicMs),
        new("last_override_sequence", NpgsqlDbType.Bigint, x => x.LastOverrideSequence),
    ]);

    public static async Task WriteAsync(ServerDbContext db, ProjectionChanges changes, IReadOnlyCollection<Edge> edges, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var batch = new NpgsqlBatch(connection);
        // Sessions before their pupils and escorts (their foreign keys).
        Insert(batch, Sessions, changes.AddedSessions);
        Insert(batch, Pupils, changes.AddedPupils);
        Insert(batch, Escorts, changes.AddedEscorts);
        Insert(batch, Intervals, changes.AddedIntervals);
        Insert(batch, Devices, changes.AddedDevices);
        Insert(batch, Decisions, changes.AddedDecisions);
        Insert(batch, Alerts, changes.AddedAlerts);
        Update(batch, Sessions, changes.ChangedSessions);
        Update(batch, Intervals, changes.ChangedIntervals);
        Update(batch, Devices, changes.ChangedDevices);
        Update(batch, Decisions, changes.ChangedDecisions);
        Update(batch, Alerts, changes.ChangedAlerts);
        Update(batch, Edges, edges);
        if (batch.BatchCommands.Count == 0) return;
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException failed)
        {
            // The same exception as the EF path: nothing of the call is acknowledged.
            throw new DbUpdateException($"Could not store the projections: {failed.MessageText}", failed);
        }
    }

    /// <summary>New rows: one <c>INSERT … SELECT FROM unnest(…)</c> per table, a column array per parameter.</summary>
    private static void Insert<T>(NpgsqlBatch batch, Table<T> table, IReadOnlyCollection<T> rows)
    {
        if (rows.Count == 0) return;
        var command = new NpgsqlBatchCommand(
            $"INSERT INTO {table.Name} ({ColumnList(table)}) SELECT * FROM unnest({Placeholders(table)})");
        AddArrays(command, table, rows);
        batch.BatchCommands.Add(command);
    }

    /// <summary>Changed rows: one <c>UPDATE … FROM unnest(…)</c> per table, matched on the key.</summary>
    private static void Update<T>(NpgsqlBatch batch, Table<T> table, IReadOnlyCollection<T> rows)
    {
        if (rows.Count == 0) return;
        var set = string.Join(", ", table.Columns.Where(c => !table.Keys.Contains(c.Name)).Select(c => $"{Quote(c.Name)} = s.{Quote(c.Name)}"));
        var match = string.Join(" AND ", table.Keys.Select(k => $"t.{Quote(k)} = s.{Quote(k)}"));
        var command = new NpgsqlBatchCommand(
            $"UPDATE {table.Name} AS t SET {set} FROM unnest({Placeholders(table)}) AS s({ColumnList(table)}) WHERE {match}");
        AddArrays(command, table, rows);
        batch.BatchCommands.Add(command);
    }

    private static string ColumnList<T>(Table<T> table) => string.Join(", ", table.Columns.Select(c => Quote(c.Name)));

    private static string Placeholders<T>(Table<T> table) =>
        string.Join(", ", table.Columns.Select((_, i) => string.Create(CultureInfo.InvariantCulture, $"${i + 1}")));

    private static void AddArrays<T>(NpgsqlBatchCommand command, Table<T> table, IReadOnlyCollection<T> rows)
    {
        foreach (var column in table.Columns)
        {
            object values = column.Type switch
            {
                NpgsqlDbType.Text => rows.Select(r => (string?)column.Value(r)).ToArray(),
                NpgsqlDbType.Integer => rows.Select(r => (int?)column.Value(r)).ToArray(),
                NpgsqlDbType.Bigint => rows.Select(r => (long?)column.Value(r)).ToArray(),
                NpgsqlDbType.Boolean => rows.Select(r => (bool?)column.Value(r)).ToArray(),
                NpgsqlDbType.TimestampTz => rows.Select(r => column.Value(r) is DateTime t ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : (DateTime?)null).ToArray(),
                _ => throw new InvalidOperationException($"{table.Name}.{column.Name}: no array for {column.Type}"),
            };
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | column.Type, Value = values });
        }
    }

    private static string Quote(string name) => name is "limit" or "count" ? $"\"{name}\"" : name;

    private sealed record Column<T>(string Name, NpgsqlDbType Type, Func<T, object?> Value);

    private sealed record Table<T>(string Name, string[] Keys, Column<T>[] Columns);
}
