using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Server.Data;
using Microsoft.EntityFrameworkCore;
using Device = Inclusion.Iot.Contracts.Edge.V1.Device;
using Pupil = Inclusion.Iot.Contracts.Edge.V1.Pupil;
using Room = Inclusion.Iot.Contracts.Edge.V1.Room;
using RoomPolicy = Inclusion.Iot.Contracts.Edge.V1.RoomPolicy;
using ScheduleSlot = Inclusion.Iot.Contracts.Edge.V1.ScheduleSlot;
using SensoryProfile = Inclusion.Iot.Contracts.Edge.V1.SensoryProfile;
using StaffMember = Inclusion.Iot.Contracts.Edge.V1.StaffMember;

namespace Inclusion.Iot.Server.Api.Edges;

/// <summary>
/// The configuration an edge runs its room on. Pupils go out as pseudonymous id and panel display name only:
/// full names, programmes' texts and badge UIDs never leave the server.
/// </summary>
public sealed class ConfigurationSnapshotBuilder(ServerDbContext db, TimeProvider time, ILogger<ConfigurationSnapshotBuilder> logger)
{
    public Task<ConfigurationSnapshot> BuildAsync(Data.Edge edge, CancellationToken cancellationToken) =>
        BuildAsync(edge, null, cancellationToken);

    /// <summary>The snapshot, with <paramref name="weekCounts"/> as its pupils' counts elsewhere when the caller already has them.</summary>
    public async Task<ConfigurationSnapshot> BuildAsync(Data.Edge edge, WeekCounts? weekCounts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edge);
        var room = await db.Rooms.AsNoTracking().Include(r => r.Organisation).Include(r => r.Devices)
            .SingleAsync(r => r.Id == edge.RoomId, cancellationToken);
        var organisation = room.Organisation!;
        var staff = await db.Staff.AsNoTracking().Include(s => s.Assignments)
            .Where(s => s.OrganisationId == organisation.Id).OrderBy(s => s.Id).ToListAsync(cancellationToken);
        // Only this room's slots and the entries for its kind of room are loaded.
        var pupils = await db.Pupils.AsNoTracking()
            .Include(p => p.Schedule.Where(s => s.RoomId == room.Id))
            .Include(p => p.Programmes).ThenInclude(p => p.Entries.Where(e => e.RoomKind == room.Kind))
            .Where(p => p.OrganisationId == organisation.Id).OrderBy(p => p.Id).AsSplitQuery().ToListAsync(cancellationToken);

        var elsewhere = (weekCounts ?? await WeekCountsAsync(room.Id, organisation.TimeZone, cancellationToken)).SessionsElsewhere;
        var today = Today(time.GetUtcNow(), organisation.TimeZone);
        var snapshot = new ConfigurationSnapshot
        {
            Version = organisation.ConfigurationVersion,
            OrganisationId = organisation.Id,
            Room = new Room { RoomId = room.Id, Name = room.Name, Kind = ProtoMapping.ToContract(room.Kind), Capacity = room.Capacity },
            BadgeSalt = ByteString.CopyFrom(organisation.BadgeSalt),
            Policy = PolicyFor(organisation),
            TimeZone = organisation.TimeZone,
            IssuedAt = Timestamp.FromDateTimeOffset(time.GetUtcNow()),
        };

        snapshot.Devices.AddRange(room.Devices.OrderBy(d => d.Name, StringComparer.Ordinal).Select(d => new Device
        {
            DeviceId = d.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Name = d.Name,
            Role = ProtoMapping.ToContract(d.Role),
            Driver = d.Driver,
        }));

        foreach (var member in staff)
        {
            var item = new StaffMember
            {
                StaffId = member.Id,
                DisplayName = member.DisplayName,
                BadgeHash = ByteString.CopyFrom(member.BadgeHash),
                Role = ProtoMapping.ToContract(member.Role),
            };
            item.Permissions.AddRange(ProtoMapping.ToContract(member.Permissions));
            item.AssignedPupilIds.AddRange(member.Assignments.Select(a => a.PupilId).Order(StringComparer.Ordinal));
            snapshot.Staff.Add(item);
        }

        foreach (var pupil in pupils)
        {
            var item = new Pupil
            {
                PupilId = pupil.Id,
                DisplayName = pupil.DisplayName,
                SupportLevel = pupil.SupportLevel,
                SensoryProfile = new SensoryProfile
                {
                    Brightness = pupil.SensoryProfile.Brightness,
                    ColorTempMireds = pupil.SensoryProfile.ColorTempMireds,
                    MinTransitionSeconds = pupil.SensoryProfile.MinTransitionSeconds,
                    TimerStyle = ProtoMapping.ToContract(pupil.SensoryProfile.TimerStyle),
                    Chime = pupil.SensoryProfile.Chime,
                    NoiseCueLevel = pupil.SensoryProfile.NoiseCueLevel,
                },
                WeeklySessionLimit = pupil.WeeklySessionLimit,
                BadgeHash = ByteString.CopyFrom(pupil.BadgeHash),
                RequiresPersonalTutor = pupil.RequiresPersonalTutor,
                IndividualSessionMinutes = pupil.IndividualSessionMinutes,
                SessionsThisWeekElsewhere = elsewhere.TryGetValue(pupil.Id, out var count) ? count : 0,
                // The programme entry that sessions in this kind of room fulfil.
                ProgrammeEntryId = pupil.Programmes.SelectMany(p => p.Entries)
                    .Select(e => e.Id).Order(StringComparer.Ordinal).FirstOrDefault() ?? string.Empty,
            };
            item.Schedule.AddRange(pupil.Schedule.OrderBy(s => s.IsoDayOfWeek).ThenBy(s => s.StartMinute)
                .Select(s => new ScheduleSlot
                {
                    IsoDayOfWeek = s.IsoDayOfWeek,
                    StartMinute = s.StartMinute,
                    DurationMinutes = s.DurationMinutes,
                    Kind = ProtoMapping.ToContract(s.Kind),
                    StaffId = s.StaffId ?? string.Empty,
                }));
            item.Adaptation = AdaptationOf(pupil.Programmes, today);
            snapshot.Pupils.Add(item);
        }

        return snapshot;
    }

    /// <summary>
    /// R-WEEK: each pupil's correctional sessions (individual and group, not aborted) this ISO week in the organisation's
    /// zone, in rooms other than this one (the edge counts its own room's itself, uploaded or not), counted now. The one
    /// count behind both the snapshot's <c>Pupil.sessions_this_week_elsewhere</c> and every configuration answer's
    /// <c>week_counts</c>.
    /// </summary>
    public async Task<WeekCounts> WeekCountsAsync(string roomId, string timeZone, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var weekStart = WeekStart(now, timeZone).UtcDateTime;
        var pupils = await db.Sessions.AsNoTracking()
            .Where(s => s.RoomId != roomId && s.StartedAt >= weekStart
                && (s.Kind == Data.SessionKind.Individual || s.Kind == Data.SessionKind.Group)
                && (s.EndReason == null || s.EndReason != Data.SessionEndReason.AbortedOnPanel))
            .SelectMany(s => s.Pupils.Select(p => p.PupilId))
            .ToListAsync(cancellationToken);
        var counts = new WeekCounts { CountedAt = Timestamp.FromDateTimeOffset(now) };
        foreach (var pupil in pupils.GroupBy(id => id, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            counts.SessionsElsewhere.Add(pupil.Key, pupil.Count());
        }

        return counts;
    }

    /// <summary>
    /// The organisation's policy, every field of the contract's <c>RoomPolicy</c>. A value out of its range is logged as an
    /// error naming the field and sent as 0 (the edge's preset), so it never reaches a room.
    /// </summary>
    private RoomPolicy PolicyFor(Organisation organisation)
    {
        var policy = RoomPolicyValidator.ToContract(organisation.Policy, out var problems);
        foreach (var problem in problems)
        {
            logger.LogError(
                "Organisation {OrganisationId}'s room policy: {Field} = {Value} is invalid ({Reason}); edges get the preset (0) for it instead.",
                organisation.Id, problem.Field, problem.Value, problem.Reason);
        }

        return policy;
    }

    /// <summary>
    /// R-ADAPT: the adaptation period of the pupil's current programme (its period holds <paramref name="today"/>), when
    /// it has one; null otherwise.
    /// </summary>
    private static Adaptation? AdaptationOf(IEnumerable<Programme> programmes, DateOnly today)
    {
        var current = programmes
            .Where(p => p.PeriodStart <= today && today <= p.PeriodEnd && p.AdaptationStartsOn is not null && p.AdaptationMinutesByWeek.Count > 0)
            .OrderByDescending(p => p.PeriodStart).ThenBy(p => p.Id, StringComparer.Ordinal)
            .FirstOrDefault();
        if (current is null) return null;
        var adaptation = new Adaptation { StartsOn = current.AdaptationStartsOn!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        adaptation.MinutesByWeek.AddRange(current.AdaptationMinutesByWeek);
        return adaptation;
    }

    /// <summary>The calendar day of <paramref name="now"/> in the zone (UTC when unknown).</summary>
    public static DateOnly Today(DateTimeOffset now, string timeZone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone(timeZone)).DateTime);

    private static TimeZoneInfo Zone(string timeZone) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var found) ? found : TimeZoneInfo.Utc;

    /// <summary>Monday 00:00 of the ISO week holding <paramref name="now"/> in the zone (UTC when unknown), as the edge counts it.</summary>
    public static DateTimeOffset WeekStart(DateTimeOffset now, string timeZone)
    {
        var zone = Zone(timeZone);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var midnight = local.Date.AddDays(-(((int)local.DayOfWeek + 6) % 7));
        return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight));
    }
}
