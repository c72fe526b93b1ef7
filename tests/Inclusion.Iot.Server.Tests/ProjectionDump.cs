using System.Globalization;
using System.Text;
using Inclusion.Iot.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace Inclusion.Iot.Server.Tests;

/// <summary>Every projection table, row by row in key order, every column: two dumps are equal when the tables are.</summary>
internal static class ProjectionDump
{
    public static async Task<string> DumpAsync(ServerDbContext db)
    {
        var dump = new StringBuilder();
        foreach (var s in await db.Sessions.AsNoTracking().OrderBy(s => s.Id).ToListAsync())
        {
            Line(dump, "session", s.Id, s.EdgeId, s.RoomId, s.Kind, s.PlannedMinutes, s.StartedPlannedMinutes, s.ExtendedMinutes, s.PlannedLimitedBy, s.StartedAt, s.EdgeStartedAt,
                s.StartedClockSource, s.EndedAt, s.EdgeEndedAt, s.EndedClockSource, s.EndReason, s.ActualSeconds, s.OverrunSeconds, s.EndedByStaffId, s.Brightness,
                s.ColorTempMireds, s.ProgrammeEntryId, s.OverrideCount, s.OverriddenRuleIds);
        }

        foreach (var p in (await db.SessionPupils.AsNoTracking().ToListAsync()).OrderBy(p => (p.SessionId, p.PupilId)))
        {
            Line(dump, "session_pupil", p.SessionId, p.PupilId);
        }

        foreach (var x in (await db.SessionEscorts.AsNoTracking().ToListAsync()).OrderBy(x => (x.SessionId, x.StaffId)))
        {
            Line(dump, "session_escort", x.SessionId, x.StaffId);
        }

        foreach (var i in (await db.OccupancyIntervals.AsNoTracking().ToListAsync()).OrderBy(i => (i.EdgeId, i.Sequence)))
        {
            Line(dump, "occupancy", i.EdgeId, i.Sequence, i.RoomId, i.StartedAt, i.EdgeStartedAt, i.ClockSource, i.EndedAt, i.EdgeEndedAt, i.EndedSequence, i.Sensors, i.Seconds);
        }

        foreach (var d in (await db.DeviceHealth.AsNoTracking().ToListAsync()).OrderBy(d => (d.EdgeId, d.Device)))
        {
            Line(dump, "device", d.EdgeId, d.Device, d.RoomId, d.Status, d.Online, d.LastSeenAt, d.BatteryPercent, d.LinkQuality, d.LastFaultReason, d.FaultCount, d.OnlineSeconds,
                d.OnlineSince, d.ChangedAt, d.EdgeChangedAt, d.ClockSource, d.LastSequence);
        }

        foreach (var d in (await db.Decisions.AsNoTracking().ToListAsync()).OrderBy(d => (d.EdgeId, d.Sequence)))
        {
            Line(dump, "decision", d.EdgeId, d.Sequence, d.RoomId, d.Kind, d.RuleId, d.Reason, d.OverrideReason, d.SessionId, d.PupilId, d.StaffId, d.HolderId, d.Count, d.Limit,
                d.OccurredAt, d.EdgeOccurredAt, d.ClockSource);
        }

        foreach (var a in (await db.Alerts.AsNoTracking().ToListAsync()).OrderBy(a => (a.EdgeId, a.Sequence)))
        {
            Line(dump, "alert", a.EdgeId, a.Sequence, a.RoomId, a.Kind, a.RaisedAt, a.EdgeRaisedAt, a.ClockSource, a.ClearedAt, a.EdgeClearedAt, a.ClearedSequence, a.SecondsToClear,
                a.ClearedByStaffId);
        }

        return dump.ToString();
    }

    private static void Line(StringBuilder dump, string table, params object?[] values) =>
        dump.Append(table).Append(' ').AppendJoin(" | ", values.Select(v => v switch
        {
            null => "null",
            DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => v.ToString(),
        })).AppendLine();
}
