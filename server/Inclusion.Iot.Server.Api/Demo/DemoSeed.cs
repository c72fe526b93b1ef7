using System.Security.Cryptography;
using Inclusion.Iot.Server.Api.Badges;
using Inclusion.Iot.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace Inclusion.Iot.Server.Api.Demo;

/// <summary>
/// The demo organisation: one sensory room with its edge and devices (as deploy/demo/room.json), three staff and
/// twelve pupils at support levels 1–5, each (but Moth, R-OPEN) with a programme and a schedule. Missing records are
/// added; existing ones are kept. The badge salt is random per database; only hashes of the demo UIDs are stored.
/// <para>
/// R-SCHED is enforced by the edge, so the demo works at any hour only if its schedule holds the hour: at every start
/// the schedule of the demo pupils in the demo room is set to their fixed weekly slots plus <see cref="DemoSlots"/>'s
/// slots around now, Hare's only slot is moved to a day that is not today, and Newt's adaptation period is kept in its
/// second week. Nothing changed, nothing saved: the configuration version moves only when the schedule did, and a
/// running edge then pulls it.
/// </para>
/// </summary>
public sealed class DemoSeed(ServerDbContext db, TimeProvider time, ILogger<DemoSeed> logger)
{
    public const string NetworkId = "net-demo";
    public const string OrganisationId = "org-demo";
    public const string RoomId = "room-sensory-1";
    public const string EdgeId = "edge-sensory-1";

    /// <summary>Newt's adaptation period (R-ADAPT): minutes per visit in week 1, 2, 3.</summary>
    public static readonly IReadOnlyList<int> NewtAdaptationMinutes = [10, 15, 20];

    /// <summary>Demo badge UIDs (printed by demo.sh, used by firmware-sim); the database holds only their hashes.</summary>
    public static readonly IReadOnlyDictionary<string, string> BadgeUids = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["staff-olena"] = "04A1B2C3",
        ["staff-ivan"] = "04D4E5F6",
        ["staff-mykola"] = "04D4E5F7",
        ["p-3f9a1c"] = "04110001",
        ["p-7b2e4d"] = "04110002",
        ["p-c81f05"] = "04110003",
        ["p-e4a7b9"] = "04110004",
        ["p-5a1d3e"] = "04110005",
        ["p-9c4b72"] = "04110006",
        ["p-2e8f61"] = "04110007",
        ["p-6d3a90"] = "04110008",
        ["p-b17c48"] = "04110009",
        ["p-4f0e2b"] = "0411000A",
        ["p-8a6c13"] = "0411000B",
        ["p-d3e9f7"] = "0411000C",
    };

    private const string Hare = "p-5a1d3e";
    private const string Newt = "p-8a6c13";
    private const string SlotStaff = "staff-olena";

    private static readonly DemoPupil[] Pupils =
    [
        new("p-3f9a1c", "Fox", "Taras K.", 2, 2, Profile(180, 300, 3, TimerStyle.Ring, true, 2), Now: true, Fixed: [(1, 10 * 60), (3, 10 * 60)]),
        new("p-7b2e4d", "Owl", "Marta L.", 3, 4, Profile(120, 370, 5, TimerStyle.Digits, true, 1), Now: true, Fixed: [(2, 11 * 60), (4, 11 * 60)]),
        new("p-c81f05", "Bee", "Denys O.", 4, 6, Profile(80, 420, 8, TimerStyle.Colours, false, 1), Now: true, Fixed: [(1, 12 * 60), (5, 9 * 60)]),
        new("p-e4a7b9", "Whale", "Sofia H.", 5, 8, Profile(60, 454, 10, TimerStyle.Ring, false, 0), Now: false, Fixed: [(3, 13 * 60)], RequiresTutor: true),
        // Out of schedule: one slot on another day than today (see DemoSlots.OtherDay), for the outside_schedule refusal.
        new(Hare, "Hare", "Bohdan V.", 3, 4, Profile(150, 330, 4, TimerStyle.Digits, true, 2), Now: false, Fixed: []),
        new("p-9c4b72", "Lynx", "Iryna M.", 2, 2, Profile(200, 250, 2, TimerStyle.Digits, true, 3), Now: true, Fixed: []),
        new("p-2e8f61", "Wren", "Oksana D.", 3, 4, Profile(140, 350, 5, TimerStyle.Ring, true, 2), Now: true, Fixed: []),
        new("p-6d3a90", "Otter", "Andrii Z.", 3, 4, Profile(160, 320, 4, TimerStyle.Colours, true, 1), Now: true, Fixed: []),
        new("p-b17c48", "Finch", "Yulia R.", 4, 6, Profile(100, 400, 6, TimerStyle.Ring, false, 1), Now: true, Fixed: []),
        new("p-4f0e2b", "Robin", "Maksym B.", 4, 6, Profile(90, 410, 7, TimerStyle.Colours, false, 1), Now: true, Fixed: []),
        // In adaptation (R-ADAPT): the period began a week ago, so this is its second week.
        new(Newt, "Newt", "Daryna S.", 2, 2, Profile(110, 380, 8, TimerStyle.Colours, false, 0), Now: true, Fixed: []),
        // R-OPEN: no programme and no slots; open use only.
        new("p-d3e9f7", "Moth", "Petro N.", 1, 0, Profile(170, 340, 3, TimerStyle.Ring, true, 2), Now: false, Fixed: [], HasProgramme: false),
    ];

    /// <summary>Seeds what is missing of the demo organisation and refreshes its schedule; returns whether the organisation was new.</summary>
    public async Task<bool> SeedAsync(CancellationToken cancellationToken)
    {
        var organisation = await db.Organisations.SingleOrDefaultAsync(o => o.Id == OrganisationId, cancellationToken);
        var created = organisation is null;
        organisation ??= AddOrganisation();

        var local = DemoSlots.LocalNow(time.GetUtcNow(), organisation.TimeZone);
        var periodStart = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var added = await AddMissingAsync(organisation.BadgeSalt, periodStart, DateOnly.FromDateTime(local), cancellationToken);
        var adaptationMoved = await KeepNewtInSecondWeekAsync(DateOnly.FromDateTime(local), cancellationToken);
        var (removedSlots, addedSlots) = await RefreshScheduleAsync(local, cancellationToken);

        var changed = db.ChangeTracker.HasChanges();
        await db.SaveChangesAsync(cancellationToken);
        if (created)
        {
            logger.LogInformation("Seeded demo organisation {OrganisationId}: room {RoomId}, edge {EdgeId}, {Staff} staff, {Pupils} pupils.",
                OrganisationId, RoomId, EdgeId, BadgeUids.Keys.Count(k => k.StartsWith("staff-", StringComparison.Ordinal)), Pupils.Length);
        }
        else if (changed)
        {
            logger.LogInformation(
                "Demo organisation {OrganisationId} refreshed for {LocalTime:yyyy-MM-dd HH:mm}: {Added} records added, {Removed} slots replaced by {Slots}, adaptation moved: {Adaptation}; configuration version {Version}.",
                OrganisationId, local, added, removedSlots, addedSlots, adaptationMoved, organisation.ConfigurationVersion);
        }
        else
        {
            logger.LogInformation("Demo organisation {OrganisationId} is current; nothing changed.", OrganisationId);
        }

        return created;
    }

    private Organisation AddOrganisation()
    {
        if (db.Networks.Find(NetworkId) is null)
        {
            db.Networks.Add(new Network { Id = NetworkId, Name = "Demo network" });
        }

        var organisation = new Organisation
        {
            Id = OrganisationId,
            Name = "Demo School No. 1",
            NetworkId = NetworkId,
            TimeZone = "Europe/Kyiv",
            BadgeSalt = RandomNumberGenerator.GetBytes(32),
            ConfigurationVersion = 1,
            Policy = new RoomPolicy
            {
                EscortWindowSeconds = 5,
                IndividualMinMinutes = 20,
                IndividualMaxMinutes = 25,
                GroupMinMinutes = 35,
                GroupMaxMinutes = 40,
                OverrunLimitMinutes = 10,
            },
        };
        db.Organisations.Add(organisation);
        db.Rooms.Add(new Room { Id = RoomId, OrganisationId = OrganisationId, Name = "Sensory room", Kind = RoomKind.Sensory, Capacity = 8 });
        db.Edges.Add(new Edge { Id = EdgeId, RoomId = RoomId });
        AddDevice("ceiling-light", DeviceRole.Lighting, "zigbee2mqtt");
        AddDevice("mood-light", DeviceRole.Lighting, "zigbee2mqtt");
        AddDevice("presence", DeviceRole.Occupancy, "zigbee2mqtt");
        AddDevice("door", DeviceRole.DoorContact, "zigbee2mqtt");
        AddDevice("entry-reader", DeviceRole.EntryReader, "tasmota");
        AddDevice("wall-timer", DeviceRole.Timer, "inclusion");
        return organisation;

        void AddDevice(string name, DeviceRole role, string driver) =>
            db.Devices.Add(new Device { OrganisationId = OrganisationId, RoomId = RoomId, Name = name, Role = role, Driver = driver });
    }

    /// <summary>The demo pupils and staff the database does not hold yet (an older demo database gains the new ones).</summary>
    private async Task<int> AddMissingAsync(byte[] salt, DateOnly periodStart, DateOnly localToday, CancellationToken cancellationToken)
    {
        var pupils = await db.Pupils.Where(p => p.OrganisationId == OrganisationId).Select(p => p.Id).ToListAsync(cancellationToken);
        var staff = await db.Staff.Where(s => s.OrganisationId == OrganisationId).Select(s => s.Id).ToListAsync(cancellationToken);
        var added = 0;
        foreach (var pupil in Pupils.Where(p => !pupils.Contains(p.Id)))
        {
            AddPupil(pupil);
            added++;
        }

        if (!staff.Contains("staff-olena"))
        {
            AddStaff("staff-olena", "Olena P.", StaffRole.Specialist, StaffPermissions.Escort | StaffPermissions.RunSessions | StaffPermissions.Override);
        }

        if (!staff.Contains("staff-ivan"))
        {
            AddStaff("staff-ivan", "Ivan S.", StaffRole.PupilAssistant, StaffPermissions.Escort, "p-7b2e4d");
        }

        if (!staff.Contains("staff-mykola"))
        {
            // R-ESCORT: Whale requires a personal tutor; Mykola is Whale's.
            AddStaff("staff-mykola", "Mykola T.", StaffRole.Tutor, StaffPermissions.Escort, "p-e4a7b9");
        }

        return added;

        void AddStaff(string id, string displayName, StaffRole role, StaffPermissions permissions, params string[] assigned)
        {
            var member = new StaffMember
            {
                Id = id,
                OrganisationId = OrganisationId,
                DisplayName = displayName,
                BadgeHash = BadgeHash.Compute(salt, BadgeUids[id]),
                Role = role,
                Permissions = permissions,
            };
            foreach (var pupilId in assigned)
            {
                member.Assignments.Add(new StaffAssignment { OrganisationId = OrganisationId, StaffId = id, PupilId = pupilId });
            }

            db.Staff.Add(member);
            added++;
        }

        void AddPupil(DemoPupil demo)
        {
            var pupil = new Pupil
            {
                Id = demo.Id,
                OrganisationId = OrganisationId,
                DisplayName = demo.DisplayName,
                FullName = demo.FullName,
                SupportLevel = demo.SupportLevel,
                WeeklySessionLimit = demo.WeeklyLimit,
                RequiresPersonalTutor = demo.RequiresTutor,
                IndividualSessionMinutes = 20,
                // A copy: the table's profile is shared by every database this process seeds.
                SensoryProfile = Profile(demo.Profile.Brightness, demo.Profile.ColorTempMireds, demo.Profile.MinTransitionSeconds,
                    demo.Profile.TimerStyle, demo.Profile.Chime, demo.Profile.NoiseCueLevel),
                BadgeHash = BadgeHash.Compute(salt, BadgeUids[demo.Id]),
            };
            if (demo.HasProgramme)
            {
                var adaptationStart = localToday.AddDays(-7);
                var programme = new Programme
                {
                    Id = $"ipr-{demo.Id}",
                    OrganisationId = OrganisationId,
                    PupilId = demo.Id,
                    PeriodStart = demo.Id == Newt ? adaptationStart : periodStart,
                    PeriodEnd = periodStart.AddYears(1),
                    NextReviewOn = periodStart.AddMonths(6),
                };
                if (demo.Id == Newt)
                {
                    programme.AdaptationStartsOn = adaptationStart;
                    programme.AdaptationMinutesByWeek = [.. NewtAdaptationMinutes];
                }

                programme.Entries.Add(new ProgrammeEntry
                {
                    Id = $"ipr-{demo.Id}-sensory",
                    OrganisationId = OrganisationId,
                    ProgrammeId = programme.Id,
                    Title = "Sensory room sessions",
                    RoomKind = RoomKind.Sensory,
                    SessionKind = SessionKind.Individual,
                    SessionsPerWeek = demo.Fixed.Length > 0 ? demo.Fixed.Length : Math.Max(1, demo.WeeklyLimit / 2),
                    MinutesPerSession = 20,
                    StaffId = SlotStaff,
                    RoomId = RoomId,
                });
                pupil.Programmes.Add(programme);
            }

            db.Pupils.Add(pupil);
        }
    }

    /// <summary>R-ADAPT: Newt's period began seven days before today (week 2), whenever the demo starts.</summary>
    private async Task<bool> KeepNewtInSecondWeekAsync(DateOnly localToday, CancellationToken cancellationToken)
    {
        var start = localToday.AddDays(-7);
        var programme = await db.Programmes.SingleOrDefaultAsync(p => p.Id == $"ipr-{Newt}", cancellationToken);
        if (programme is null || programme.AdaptationStartsOn == start) return false;
        programme.AdaptationStartsOn = start;
        if (programme.PeriodStart > start) programme.PeriodStart = start;
        return true;
    }

    /// <summary>
    /// Sets the demo pupils' slots in the demo room to what <paramref name="local"/> calls for, touching only the slots
    /// that differ; returns how many were removed and added.
    /// </summary>
    private async Task<(int Removed, int Added)> RefreshScheduleAsync(DateTime local, CancellationToken cancellationToken)
    {
        var wanted = new List<(string PupilId, int Day, int Start, int Duration)>();
        var current = DemoSlots.Current(local);
        foreach (var pupil in Pupils)
        {
            wanted.AddRange(pupil.Fixed.Select(f => (pupil.Id, f.Day, f.StartMinute, 20)));
            if (pupil.Now) wanted.AddRange(current.Select(c => (pupil.Id, c.IsoDay, c.StartMinute, c.DurationMinutes)));
        }

        wanted.Add((Hare, DemoSlots.OtherDay(local), 10 * 60, 20));

        var ids = Pupils.Select(p => p.Id).ToList();
        var existing = await db.ScheduleSlots
            .Where(s => s.OrganisationId == OrganisationId && s.RoomId == RoomId && ids.Contains(s.PupilId))
            .ToListAsync(cancellationToken);

        var keep = new List<ScheduleSlot>();
        var missing = new List<(string PupilId, int Day, int Start, int Duration)>();
        foreach (var slot in wanted)
        {
            var match = existing.FirstOrDefault(s => !keep.Contains(s) && s.PupilId == slot.PupilId && s.IsoDayOfWeek == slot.Day
                && s.StartMinute == slot.Start && s.DurationMinutes == slot.Duration && s.Kind == SessionKind.Individual && s.StaffId == SlotStaff);
            if (match is null) missing.Add(slot);
            else keep.Add(match);
        }

        // A slot is the timetable of the pupil's sensory-room service (D-IPR) while that service exists: a specialist may
        // have removed it on the programme pages.
        var services = (await db.ProgrammeEntries.Where(e => e.OrganisationId == OrganisationId).Select(e => e.Id).ToListAsync(cancellationToken))
            .Concat(db.ChangeTracker.Entries<ProgrammeEntry>().Select(e => e.Entity.Id)).ToHashSet(StringComparer.Ordinal);
        var stale = existing.Where(s => !keep.Contains(s)).ToList();
        db.ScheduleSlots.RemoveRange(stale);
        db.ScheduleSlots.AddRange(missing.Select(slot => new ScheduleSlot
        {
            OrganisationId = OrganisationId,
            PupilId = slot.PupilId,
            RoomId = RoomId,
            IsoDayOfWeek = slot.Day,
            StartMinute = slot.Start,
            DurationMinutes = slot.Duration,
            // The edge accepts a slot of either correctional kind; a group forms by pupils joining.
            Kind = SessionKind.Individual,
            StaffId = SlotStaff,
            ProgrammeEntryId = services.Contains($"ipr-{slot.PupilId}-sensory") ? $"ipr-{slot.PupilId}-sensory" : null,
        }));
        return (stale.Count, missing.Count);
    }

    private static SensoryProfile Profile(int brightness, int mireds, int transitionSeconds, TimerStyle timer, bool chime, int noiseCue) => new()
    {
        Brightness = brightness,
        ColorTempMireds = mireds,
        MinTransitionSeconds = transitionSeconds,
        TimerStyle = timer,
        Chime = chime,
        NoiseCueLevel = noiseCue,
    };

    private sealed record DemoPupil(
        string Id, string DisplayName, string FullName, int SupportLevel, int WeeklyLimit, SensoryProfile Profile,
        bool Now, (int Day, int StartMinute)[] Fixed, bool RequiresTutor = false, bool HasProgramme = true);
}
