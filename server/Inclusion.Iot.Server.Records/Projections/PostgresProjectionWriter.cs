using System.Globalization;
using Inclusion.Iot.Server.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Inclusion.Iot.Server.Records.Projections;

/// <summary>
/// Writes a projection step on PostgreSQL set-based, in the caller's transaction: new rows by one binary COPY per table;
/// changed rows by one binary COPY per table into a temporary staging table (<c>ON COMMIT DELETE ROWS</c>) and one
/// <c>UPDATE … FROM</c>. Never one statement per row.
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

    public static async Task WriteAsync(ServerDbContext db, ProjectionChanges changes, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        try
        {
            // Sessions before their pupils and escorts (their foreign keys).
            await CopyAsync(connection, Sessions, Sessions.Name, changes.AddedSessions, cancellationToken);
            await CopyAsync(connection, Pupils, Pupils.Name, changes.AddedPupils, cancellationToken);
            await CopyAsync(connection, Escorts, Escorts.Name, changes.AddedEscorts, cancellationToken);
            await CopyAsync(connection, Intervals, Intervals.Name, changes.AddedIntervals, cancellationToken);
            await CopyAsync(connection, Devices, Devices.Name, changes.AddedDevices, cancellationToken);
            await CopyAsync(connection, Decisions, Decisions.Name, changes.AddedDecisions, cancellationToken);
            await CopyAsync(connection, Alerts, Alerts.Name, changes.AddedAlerts, cancellationToken);

            var updates = new List<string>();
            await StageAsync(connection, Sessions, changes.ChangedSessions, updates, cancellationToken);
            await StageAsync(connection, Intervals, changes.ChangedIntervals, updates, cancellationToken);
            await StageAsync(connection, Devices, changes.ChangedDevices, updates, cancellationToken);
            await StageAsync(connection, Decisions, changes.ChangedDecisions, updates, cancellationToken);
            await StageAsync(connection, Alerts, changes.ChangedAlerts, updates, cancellationToken);
            if (updates.Count > 0)
            {
                await using var batch = new NpgsqlBatch(connection);
                foreach (var sql in updates) batch.BatchCommands.Add(new NpgsqlBatchCommand(sql));
                await batch.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        catch (PostgresException failed)
        {
            // The same exception as the EF path: nothing of the call is acknowledged.
            throw new DbUpdateException($"Could not store the projections: {failed.MessageText}", failed);
        }
    }

    /// <summary>Changed rows into <c>staging_{table}</c> (created for the session on first use, emptied at every commit),
    /// and the <c>UPDATE … FROM</c> that applies them, run with the others in one batch.</summary>
    private static async Task StageAsync<T>(NpgsqlConnection connection, Table<T> table, IReadOnlyCollection<T> rows, List<string> updates, CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return;
        var staging = $"staging_{table.Name}";
        await using (var create = new NpgsqlCommand($"CREATE TEMP TABLE IF NOT EXISTS {staging} (LIKE {table.Name}) ON COMMIT DELETE ROWS", connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await CopyAsync(connection, table, staging, rows, cancellationToken);
        var set = string.Join(", ", table.Columns.Where(c => !table.Keys.Contains(c.Name)).Select(c => $"{Quote(c.Name)} = s.{Quote(c.Name)}"));
        var match = string.Join(" AND ", table.Keys.Select(k => $"t.{Quote(k)} = s.{Quote(k)}"));
        updates.Add($"UPDATE {table.Name} AS t SET {set} FROM {staging} AS s WHERE {match}");
        updates.Add($"DELETE FROM {staging}");
    }

    private static async Task CopyAsync<T>(NpgsqlConnection connection, Table<T> table, string target, IReadOnlyCollection<T> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return;
        await using var import = await connection.BeginBinaryImportAsync(
            $"COPY {target} ({string.Join(", ", table.Columns.Select(c => Quote(c.Name)))}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in rows)
        {
            await import.StartRowAsync(cancellationToken);
            foreach (var column in table.Columns)
            {
                switch (column.Value(row))
                {
                    case null:
                        await import.WriteNullAsync(cancellationToken);
                        break;
                    case string text:
                        await import.WriteAsync(text, column.Type, cancellationToken);
                        break;
                    case int number:
                        await import.WriteAsync(number, column.Type, cancellationToken);
                        break;
                    case long number:
                        await import.WriteAsync(number, column.Type, cancellationToken);
                        break;
                    case bool flag:
                        await import.WriteAsync(flag, column.Type, cancellationToken);
                        break;
                    case DateTime time:
                        await import.WriteAsync(DateTime.SpecifyKind(time, DateTimeKind.Utc), column.Type, cancellationToken);
                        break;
                    case var other:
                        throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{table.Name}.{column.Name}: no COPY for {other.GetType()}"));
                }
            }
        }

        await import.CompleteAsync(cancellationToken);
    }

    private static string Quote(string name) => name is "limit" or "count" ? $"\"{name}\"" : name;

    private sealed record Column<T>(string Name, NpgsqlDbType Type, Func<T, object?> Value);

    private sealed record Table<T>(string Name, string[] Keys, Column<T>[] Columns);
}
