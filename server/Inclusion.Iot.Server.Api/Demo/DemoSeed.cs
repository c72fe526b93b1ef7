using System.Security.Cryptography;
using Inclusion.Iot.Server.Api.Badges;
using Inclusion.Iot.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace Inclusion.Iot.Server.Api.Demo;

/// <summary>
/// The demo organisation: one sensory room with its edge and devices (as deploy/demo/room.json), two staff and four
/// pupils at support levels 2–5, each with a programme and a schedule. Idempotent: an existing organisation is kept.
/// The badge salt is random per database; only hashes of the demo UIDs are stored.
/// </summary>
public sealed class DemoSeed(ServerDbContext db, TimeProvider time, ILogger<DemoSeed> logger)
{
    public const string OrganisationId = "org-demo";
    public const string RoomId = "room-sensory-1";
    public const string EdgeId = "edge-sensory-1";

    /// <summary>Demo badge UIDs (printed by demo.sh, used by firmware-sim); the database holds only their hashes.</summary>
    public static readonly IReadOnlyDictionary<string, string> BadgeUids = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["staff-olena"] = "04A1B2C3",
        ["staff-ivan"] = "04D4E5F6",
        ["p-3f9a1c"] = "04110001",
        ["p-7b2e4d"] = "04110002",
        ["p-c81f05"] = "04110003",
        ["p-e4a7b9"] = "04110004",
    };

    /// <summary>Seeds the demo organisation when it is missing; returns whether it did.</summary>
    public async Task<bool> SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.Organisations.AnyAsync(o => o.Id == OrganisationId, cancellationToken))
        {
            logger.LogInformation("Demo organisation {OrganisationId} is already present; seed skipped.", OrganisationId);
            return false;
        }

        var salt = RandomNumberGenerator.GetBytes(32);
        var organisation = new Organisation
        {
            Id = OrganisationId,
            Name = "Demo School No. 1",
            TimeZone = "Europe/Kyiv",
            BadgeSalt = salt,
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

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        AddPupil("p-3f9a1c", "Fox", "Taras K.", 2, 2, false,
            new SensoryProfile { Brightness = 180, ColorTempMireds = 300, MinTransitionSeconds = 3, TimerStyle = TimerStyle.Ring, Chime = true, NoiseCueLevel = 2 },
            (1, 10 * 60), (3, 10 * 60));
        AddPupil("p-7b2e4d", "Owl", "Marta L.", 3, 4, false,
            new SensoryProfile { Brightness = 120, ColorTempMireds = 370, MinTransitionSeconds = 5, TimerStyle = TimerStyle.Digits, Chime = true, NoiseCueLevel = 1 },
            (2, 11 * 60), (4, 11 * 60));
        AddPupil("p-c81f05", "Bee", "Denys O.", 4, 6, false,
            new SensoryProfile { Brightness = 80, ColorTempMireds = 420, MinTransitionSeconds = 8, TimerStyle = TimerStyle.Colours, Chime = false, NoiseCueLevel = 1 },
            (1, 12 * 60), (5, 9 * 60));
        AddPupil("p-e4a7b9", "Whale", "Sofia H.", 5, 8, true,
            new SensoryProfile { Brightness = 60, ColorTempMireds = 454, MinTransitionSeconds = 10, TimerStyle = TimerStyle.Ring, Chime = false, NoiseCueLevel = 0 },
            (3, 13 * 60));

        AddStaff("staff-olena", "Olena P.", StaffRole.Specialist,
            StaffPermissions.Escort | StaffPermissions.RunSessions | StaffPermissions.Override);
        var ivan = AddStaff("staff-ivan", "Ivan S.", StaffRole.PupilAssistant, StaffPermissions.Escort);
        ivan.Assignments.Add(new StaffAssignment { OrganisationId = OrganisationId, StaffId = ivan.Id, PupilId = "p-7b2e4d" });

        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Seeded demo organisation {OrganisationId}: room {RoomId}, edge {EdgeId}, 2 staff, 4 pupils.", OrganisationId, RoomId, EdgeId);
        return true;

        void AddDevice(string name, DeviceRole role, string driver) =>
            db.Devices.Add(new Device { OrganisationId = OrganisationId, RoomId = RoomId, Name = name, Role = role, Driver = driver });

        StaffMember AddStaff(string id, string displayName, StaffRole role, StaffPermissions permissions)
        {
            var staff = new StaffMember
            {
                Id = id,
                OrganisationId = OrganisationId,
                DisplayName = displayName,
                BadgeHash = BadgeHash.Compute(salt, BadgeUids[id]),
                Role = role,
                Permissions = permissions,
            };
            db.Staff.Add(staff);
            return staff;
        }

        void AddPupil(string id, string displayName, string fullName, int supportLevel, int weeklyLimit, bool requiresTutor,
            SensoryProfile profile, params (int Day, int StartMinute)[] slots)
        {
            var pupil = new Pupil
            {
                Id = id,
                OrganisationId = OrganisationId,
                DisplayName = displayName,
                FullName = fullName,
                SupportLevel = supportLevel,
                WeeklySessionLimit = weeklyLimit,
                RequiresPersonalTutor = requiresTutor,
                IndividualSessionMinutes = 20,
                SensoryProfile = profile,
                BadgeHash = BadgeHash.Compute(salt, BadgeUids[id]),
            };
            var programme = new Programme
            {
                Id = $"ipr-{id}",
                OrganisationId = OrganisationId,
                PupilId = id,
                PeriodStart = today,
                PeriodEnd = today.AddYears(1),
                NextReviewOn = today.AddMonths(6),
            };
            programme.Entries.Add(new ProgrammeEntry
            {
                Id = $"ipr-{id}-sensory",
                OrganisationId = OrganisationId,
                ProgrammeId = programme.Id,
                Title = "Sensory room sessions",
                RoomKind = RoomKind.Sensory,
                SessionKind = SessionKind.Individual,
                SessionsPerWeek = slots.Length,
                MinutesPerSession = 20,
            });
            pupil.Programmes.Add(programme);
            foreach (var (day, start) in slots)
            {
                pupil.Schedule.Add(new ScheduleSlot
                {
                    OrganisationId = OrganisationId,
                    PupilId = id,
                    RoomId = RoomId,
                    IsoDayOfWeek = day,
                    StartMinute = start,
                    DurationMinutes = 20,
                    Kind = SessionKind.Individual,
                    StaffId = "staff-olena",
                });
            }

            db.Pupils.Add(pupil);
        }
    }
}
