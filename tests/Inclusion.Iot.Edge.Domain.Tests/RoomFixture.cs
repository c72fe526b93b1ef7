using Inclusion.Iot.Edge.Domain.Configuration;
using Inclusion.Iot.Edge.Domain.Room;
using Microsoft.Extensions.Time.Testing;

namespace Inclusion.Iot.Edge.Domain.Tests;

/// <summary>The demo room's people, with a fixed salt and a fake clock.</summary>
internal sealed class RoomFixture
{
    public const string Olena = "04A1B2C3";
    public const string Ivan = "04D4E5F6";
    public const string Porter = "04FFFF01";
    public const string Fox = "04110001";
    public const string Owl = "04110002";
    public const string Bee = "04110003";
    public const string Whale = "04110004";
    public const string Reader = "entry-reader";

    public static readonly byte[] Salt = [1, 2, 3, 4, 5, 6, 7, 8];

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    public RoomSnapshot Snapshot { get; } = new()
    {
        Version = 1,
        RoomId = "room-sensory-1",
        BadgeSalt = Salt,
        Staff =
        [
            new StaffCard { StaffId = "staff-olena", DisplayName = "Olena P.", BadgeHash = BadgeHash.Compute(Salt, Olena), CanEscort = true },
            new StaffCard { StaffId = "staff-ivan", DisplayName = "Ivan S.", BadgeHash = BadgeHash.Compute(Salt, Ivan), CanEscort = true, AssignedPupilIds = ["p-7b2e4d"] },
            new StaffCard { StaffId = "staff-porter", DisplayName = "Porter", BadgeHash = BadgeHash.Compute(Salt, Porter), CanEscort = false },
        ],
        Pupils =
        [
            Pupil("p-3f9a1c", "Fox", Fox, new SensoryProfile { BrightnessPercent = 70, ColourTemperatureKelvin = 3300, MinFadeSeconds = 3, TimerStyle = "digits" }),
            Pupil("p-7b2e4d", "Owl", Owl, new SensoryProfile { BrightnessPercent = 45, ColourTemperatureKelvin = 2700, MinFadeSeconds = 5 }),
            Pupil("p-c81f05", "Bee", Bee, new SensoryProfile { BrightnessPercent = 30, ColourTemperatureKelvin = 2400, MinFadeSeconds = 8, TimerStyle = "colours", Chime = true }),
            // No length in Whale's programme: the policy's individual default applies.
            Pupil("p-e4a7b9", "Whale", Whale, new SensoryProfile { BrightnessPercent = 25, ColourTemperatureKelvin = 2200, MinFadeSeconds = 10 }) with { RequiresPersonalTutor = true, IndividualSessionMinutes = 0 },
        ],
        // Not the shipped presets, so a test can tell the policy's numbers from a constant in the code.
        Rules = new RoomRules
        {
            EscortWindowSeconds = 5,
            OverrunLimitMinutes = 10,
            Sessions = new SessionPolicy
            {
                IndividualMinutes = 24, GroupMinutes = 38, UnloadingMinutes = 12, OpenUseMinutes = 45, ExtendMinutes = 7,
                IndividualMinMinutes = 15, IndividualMaxMinutes = 30, GroupMinMinutes = 30, GroupMaxMinutes = 45, GroupMaxPupils = 5,
            },
            Scenes = new ScenePolicy { IdleBrightnessPercent = 50, IdleColourTemperatureKelvin = 3000, ArrivalSeconds = 40 },
        },
    };

    public RoomStateMachine Room { get; }

    private int _sessions;

    public RoomFixture()
    {
        Room = new RoomStateMachine(Time, newSessionId: () => $"session-{++_sessions}");
    }

    public RoomDecision Badge(string uid) => Room.BadgeRead(Reader, uid, Snapshot);

    public void Advance(TimeSpan by) => Time.Advance(by);

    public RoomDecision StartSession(string escort = Olena, string pupil = Fox)
    {
        Badge(escort);
        Advance(TimeSpan.FromSeconds(1));
        var decision = Badge(pupil);
        Assert.Equal(RoomMode.Session, decision.State.Mode);
        return decision;
    }

    public static PupilCard Pupil(string id, string name, string uid, SensoryProfile profile) => new()
    {
        PupilId = id,
        DisplayName = name,
        BadgeHash = BadgeHash.Compute(Salt, uid),
        IndividualSessionMinutes = 20,
        ProgrammeEntryId = $"pe-{id}",
        Schedule = AnyTime,
        Profile = profile,
    };

    /// <summary>R-SCHED out of the way for tests of other rules: a slot all day, every day (R-SCHED's own tests set real slots).</summary>
    public static readonly IReadOnlyList<ScheduleSlot> AnyTime = [.. Enumerable.Range(1, 7).Select(day => new ScheduleSlot(day, 0, 24 * 60))];
}
