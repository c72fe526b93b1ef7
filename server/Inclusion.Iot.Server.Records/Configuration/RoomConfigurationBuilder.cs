using Inclusion.Iot.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Inclusion.Iot.Server.Records.Configuration;

/// <summary>
/// Builds the configuration an edge runs its room on from the records. Pupils go out as pseudonymous id and panel
/// display name only: full names, programmes' texts and badge UIDs never leave the server.
/// </summary>
public sealed partial class RoomConfigurationBuilder(ServerDbContext db, TimeProvider time, ILogger<RoomConfigurationBuilder> logger)
{
    public Task<RoomConfiguration> BuildAsync(Edge edge, CancellationToken cancellationToken) =>
        BuildAsync(edge, null, cancellationToken);

    /// <summary>The configuration, with <paramref name="weekCounts"/> as its pupils' counts elsewhere when the caller already has them.</summary>
    public async Task<RoomConfiguration> BuildAsync(Edge edge, PupilWeekCounts? weekCounts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edge);
        var room = await db.Rooms.AsNoTracking().Include(r => r.Organisation).Include(r => r.Devices)
            .SingleAsync(r => r.Id == edge.RoomId, cancellationToken).ConfigureAwait(false);
        var organisation = room.Organisation!;
        var staff = await db.Staff.AsNoTracking().Include(s => s.Assignments)
            .Where(s => s.OrganisationId == organisation.Id).OrderBy(s => s.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        // Only this room's slots and the entries for its kind of room are loaded.
        var pupils = await db.Pupils.AsNoTracking()
            .Include(p => p.Schedule.Where(s => s.RoomId == room.Id))
            .Include(p => p.Programmes).ThenInclude(p => p.Entries.Where(e => e.RoomKind == room.Kind))
            .Where(p => p.OrganisationId == organisation.Id).OrderBy(p => p.Id).AsSplitQuery().ToListAsync(cancellationToken).ConfigureAwait(false);

        var elsewhere = (weekCounts ?? await WeekCountsAsync(room.Id, organisation.TimeZone, cancellationToken).ConfigureAwait(false)).SessionsElsewhere;
        var now = time.GetUtcNow();
        var today = OrganisationCalendar.Today(now, organisation.TimeZone);

        return new RoomConfiguration(
            organisation.ConfigurationVersion,
            organisation.Id,
            new ConfiguredRoom(room.Id, room.Name, room.Kind, room.Capacity),
            [.. room.Devices.OrderBy(d => d.Name, StringComparer.Ordinal).Select(d => new ConfiguredDevice(d.Id, d.Name, d.Role, d.Driver))],
            [.. staff.Select(member => new ConfiguredStaffMember(
                member.Id,
                member.DisplayName,
                member.BadgeHash,
                member.Role,
                member.Permissions,
                [.. member.Assignments.Select(a => a.PupilId).Order(StringComparer.Ordinal)]))],
            [.. pupils.Select(pupil => new ConfiguredPupil(
                pupil.Id,
                pupil.DisplayName,
                pupil.SupportLevel,
                new ConfiguredSensoryProfile(
                    pupil.SensoryProfile.Brightness,
                    pupil.SensoryProfile.ColorTempMireds,
                    pupil.SensoryProfile.MinTransitionSeconds,
                    pupil.SensoryProfile.TimerStyle,
                    pupil.SensoryProfile.Chime,
                    pupil.SensoryProfile.NoiseCueLevel),
                pupil.WeeklySessionLimit,
                pupil.BadgeHash,
                pupil.RequiresPersonalTutor,
                pupil.IndividualSessionMinutes,
                elsewhere.GetValueOrDefault(pupil.Id),
                // The programme entry that sessions in this kind of room fulfil: one timetabled in this room first (D-IPR).
                pupil.Programmes.SelectMany(p => p.Entries)
                    .OrderByDescending(e => pupil.Schedule.Any(s => s.ProgrammeEntryId == e.Id)).ThenBy(e => e.Id, StringComparer.Ordinal)
                    .Select(e => e.Id).FirstOrDefault(),
                [.. pupil.Schedule.OrderBy(s => s.IsoDayOfWeek).ThenBy(s => s.StartMinute)
                    .Select(s => new ConfiguredScheduleSlot(s.IsoDayOfWeek, s.StartMinute, s.DurationMinutes, s.Kind, s.StaffId))],
                AdaptationOf(pupil.Programmes, today)))],
            organisation.BadgeSalt,
            PolicyFor(organisation),
            organisation.TimeZone,
            now);
    }

    /// <summary>
    /// R-WEEK: each pupil's correctional sessions (individual and group, not aborted) this ISO week in the organisation's
    /// zone, in rooms other than this one (the edge counts its own room's itself, uploaded or not), counted now. The one
    /// count behind both the snapshot's <c>Pupil.sessions_this_week_elsewhere</c> and every configuration answer's
    /// <c>week_counts</c>.
    /// </summary>
    public async Task<PupilWeekCounts> WeekCountsAsync(string roomId, string timeZone, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var weekStart = OrganisationCalendar.WeekStart(now, timeZone).UtcDateTime;
        var pupils = await db.Sessions.AsNoTracking()
            .Where(s => s.RoomId != roomId && s.StartedAt >= weekStart
                && (s.Kind == SessionKind.Individual || s.Kind == SessionKind.Group)
                && (s.EndReason == null || s.EndReason != SessionEndReason.AbortedOnPanel))
            .SelectMany(s => s.Pupils.Select(p => p.PupilId))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pupil in pupils.GroupBy(id => id, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            counts.Add(pupil.Key, pupil.Count());
        }

        return new PupilWeekCounts(now, counts);
    }

    /// <summary>
    /// The organisation's policy, every field. A value out of its range is logged as an error naming the field and sent
    /// as 0 (the edge's preset), so it never reaches a room.
    /// </summary>
    private ValidRoomPolicy PolicyFor(Organisation organisation)
    {
        var policy = RoomPolicyValidator.Validate(organisation.Policy, out var problems);
        foreach (var problem in problems)
        {
            LogInvalidPolicy(logger, organisation.Id, problem.Field, problem.Value, problem.Reason);
        }

        return policy;
    }

    /// <summary>
    /// R-ADAPT: the adaptation period of the pupil's current programme (its period holds <paramref name="today"/>), when
    /// it has one; null otherwise.
    /// </summary>
    private static ConfiguredAdaptation? AdaptationOf(IEnumerable<Programme> programmes, DateOnly today)
    {
        var current = programmes
            .Where(p => p.PeriodStart <= today && today <= p.PeriodEnd && p.AdaptationStartsOn is not null && p.AdaptationMinutesByWeek.Count > 0)
            .OrderByDescending(p => p.PeriodStart).ThenBy(p => p.Id, StringComparer.Ordinal)
            .FirstOrDefault();
        return current is null ? null : new ConfiguredAdaptation(current.AdaptationStartsOn!.Value, [.. current.AdaptationMinutesByWeek]);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Organisation {OrganisationId}'s room policy: {Field} = {Value} is invalid ({Reason}); edges get the preset (0) for it instead.")]
    private static partial void LogInvalidPolicy(ILogger logger, string organisationId, string field, string value, string reason);
}
