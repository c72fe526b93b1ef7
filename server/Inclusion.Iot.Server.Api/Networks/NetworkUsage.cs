using System.Globalization;
using Inclusion.Iot.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace Inclusion.Iot.Server.Api.Networks;

/// <summary>One organisation's week: counts only (no pupil ids, no names).</summary>
public sealed record OrganisationWeek(string OrganisationId, string OrganisationName, DateOnly WeekStart, int Rooms, int Sessions, int OccupancyMinutes);

/// <summary>
/// Sessions per organisation per week, the organisation's rooms and the minutes its rooms were occupied, over the
/// last <see cref="Weeks"/> weeks, for whatever the context's access scope shows (a coordinator's network, an
/// administrator's own organisation). Reads rooms, sessions and occupancy only: never pupils or session members.
/// </summary>
public sealed class NetworkUsage(ServerDbContext db, TimeProvider time)
{
    public const int Weeks = 8;

    public async Task<IReadOnlyList<OrganisationWeek>> ListAsync(CancellationToken cancellationToken)
    {
        var since = Monday(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)).AddDays(-7 * (Weeks - 1)).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var organisations = await db.Organisations.AsNoTracking().Select(o => new { o.Id, o.Name }).ToListAsync(cancellationToken);
        var rooms = await db.Rooms.AsNoTracking().Select(r => new { r.Id, r.OrganisationId }).ToListAsync(cancellationToken);
        var sessions = await db.Sessions.AsNoTracking().Where(s => s.StartedAt >= since).Select(s => new { s.RoomId, s.StartedAt }).ToListAsync(cancellationToken);
        var occupancy = await db.OccupancyIntervals.AsNoTracking().Where(o => o.StartedAt >= since && o.Seconds != null)
            .Select(o => new { o.RoomId, o.StartedAt, o.Seconds }).ToListAsync(cancellationToken);
        return Aggregate(
            organisations.ToDictionary(o => o.Id, o => o.Name, StringComparer.Ordinal),
            rooms.ToDictionary(r => r.Id, r => r.OrganisationId, StringComparer.Ordinal),
            sessions.Select(s => (s.RoomId, s.StartedAt)),
            occupancy.Select(o => (o.RoomId, o.StartedAt, o.Seconds!.Value)));
    }

    /// <summary>The weeks' rows, pure: a week appears for an organisation when it had a session or occupancy in it.</summary>
    public static IReadOnlyList<OrganisationWeek> Aggregate(
        IReadOnlyDictionary<string, string> organisationNames,
        IReadOnlyDictionary<string, string> roomOrganisation,
        IEnumerable<(string RoomId, DateTime StartedAt)> sessions,
        IEnumerable<(string RoomId, DateTime StartedAt, int Seconds)> occupancy)
    {
        ArgumentNullException.ThrowIfNull(organisationNames);
        ArgumentNullException.ThrowIfNull(roomOrganisation);
        var roomCounts = roomOrganisation.GroupBy(r => r.Value, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var weeks = new Dictionary<(string Organisation, DateOnly Week), (int Sessions, int Seconds)>();
        foreach (var (roomId, startedAt) in sessions)
        {
            if (roomOrganisation.TryGetValue(roomId, out var organisation))
            {
                var key = (organisation, Monday(DateOnly.FromDateTime(startedAt)));
                var value = weeks.GetValueOrDefault(key);
                weeks[key] = (value.Sessions + 1, value.Seconds);
            }
        }

        foreach (var (roomId, startedAt, seconds) in occupancy)
        {
            if (roomOrganisation.TryGetValue(roomId, out var organisation))
            {
                var key = (organisation, Monday(DateOnly.FromDateTime(startedAt)));
                var value = weeks.GetValueOrDefault(key);
                weeks[key] = (value.Sessions, value.Seconds + Math.Max(0, seconds));
            }
        }

        return [.. weeks
            .Select(w => new OrganisationWeek(w.Key.Organisation, organisationNames.GetValueOrDefault(w.Key.Organisation, w.Key.Organisation),
                w.Key.Week, roomCounts.GetValueOrDefault(w.Key.Organisation), w.Value.Sessions, w.Value.Seconds / 60))
            .OrderBy(w => w.OrganisationName, StringComparer.CurrentCulture).ThenBy(w => w.OrganisationId, StringComparer.Ordinal).ThenByDescending(w => w.WeekStart)];
    }

    /// <summary>The Monday (ISO week start) of <paramref name="day"/>'s week.</summary>
    public static DateOnly Monday(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    public static string WeekText(DateOnly week) => week.ToString("d", CultureInfo.CurrentCulture);
}
