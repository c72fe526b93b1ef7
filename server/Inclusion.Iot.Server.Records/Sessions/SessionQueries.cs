using Inclusion.Iot.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace Inclusion.Iot.Server.Records.Sessions;

/// <summary>Reads sessions for the JSON API and the admin page.</summary>
public sealed class SessionQueries(ServerDbContext db)
{
    /// <summary>Newest first; only sessions with <paramref name="pupilId"/> when given.</summary>
    public Task<IReadOnlyList<SessionRecord>> ListAsync(string? pupilId, int limit, CancellationToken cancellationToken) =>
        ListAsync(pupilId, limit, null, cancellationToken);

    /// <summary>
    /// As above, with the pupils' display names from <paramref name="displayNames"/> when the caller already has
    /// every pupil's (the admin page), otherwise from the database.
    /// </summary>
    public async Task<IReadOnlyList<SessionRecord>> ListAsync(
        string? pupilId, int limit, IReadOnlyDictionary<string, string>? displayNames, CancellationToken cancellationToken)
    {
        var query = db.Sessions.AsNoTracking().Include(s => s.Pupils).Include(s => s.Escorts).Include(s => s.Room).AsQueryable();
        if (!string.IsNullOrWhiteSpace(pupilId))
        {
            query = query.Where(s => s.Pupils.Any(p => p.PupilId == pupilId));
        }

        var sessions = await query.OrderByDescending(s => s.StartedAt).ThenBy(s => s.Id).Take(limit).AsSplitQuery()
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (displayNames is null)
        {
            var pupilIds = sessions.SelectMany(s => s.Pupils).Select(p => p.PupilId).Distinct().ToList();
            displayNames = await db.Pupils.AsNoTracking().Where(p => pupilIds.Contains(p.Id))
                .ToDictionaryAsync(p => p.Id, p => p.DisplayName, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
        }

        return [.. sessions.Select(s =>
        {
            var pupils = s.Pupils.Select(p => p.PupilId).Order(StringComparer.Ordinal).ToList();
            return new SessionRecord(
                s.Id,
                s.RoomId,
                s.Room?.Name ?? s.RoomId,
                pupils,
                [.. pupils.Select(id => displayNames.GetValueOrDefault(id, id))],
                [.. s.Escorts.Select(e => e.StaffId).Order(StringComparer.Ordinal)],
                s.Kind.Name(),
                s.PlannedMinutes,
                s.StartedAt,
                s.EndedAt,
                s.EndReason?.Name(),
                s.ActualSeconds);
        })];
    }
}
