using Inclusion.Iot.Edge.Domain.Configuration;
using Inclusion.Iot.Edge.Domain.Health;
using Inclusion.Iot.Edge.Domain.Occupancy;
using Inclusion.Iot.Edge.Domain.Room;
using Microsoft.Extensions.Time.Testing;

namespace Inclusion.Iot.Edge.Domain.Tests;

/// <summary>One input given to the room and what it decided.</summary>
/// <param name="Name">The case that produced it (<c>tick</c> for the one-second tick).</param>
internal sealed record RoomInput(string Name, RoomDecision Decision)
{
    /// <summary>A device this input reported back online: whatever it shows now is unknown.</summary>
    public string? CameOnline { get; init; }
}

/// <summary>
/// Random inputs to a <see cref="RoomStateMachine"/> through its public API, for property tests over hours of fake
/// time. Each kind of input is a weighted case; a new input (a panel start or extend, a pupil joining a group) is one
/// more <see cref="Add"/>, and every property test that uses <see cref="Standard"/> gets it.
/// </summary>
internal sealed class RandomRoomInputs(RoomSnapshot snapshot)
{
    public delegate RoomInput Case(RoomStateMachine room, Random random);

    public const string EntryReader = RoomFixture.Reader;

    private readonly List<(string Name, int Weight, Case Apply)> _cases = [];
    private int _totalWeight;

    public RoomSnapshot Snapshot { get; } = snapshot;

    public IReadOnlyList<string> Cases => [.. _cases.Select(c => c.Name)];

    public RandomRoomInputs Add(string name, int weight, Case apply)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(weight);
        _cases.Add((name, weight, apply));
        _totalWeight += weight;
        return this;
    }

    /// <summary>One input, the case chosen by weight.</summary>
    public RoomInput Next(RoomStateMachine room, Random random)
    {
        var pick = random.Next(_totalWeight);
        foreach (var (_, weight, apply) in _cases)
        {
            if (pick < weight) return apply(room, random);
            pick -= weight;
        }

        throw new InvalidOperationException("No input cases.");
    }

    /// <summary>
    /// Drives <paramref name="room"/> for <paramref name="duration"/> of fake time: a tick on every whole second, and a
    /// random input after a random gap (mostly under two seconds, often a burst within a fraction of one, now and then a quiet spell of up to twenty minutes
    /// so sessions reach their warnings and the overrun limit). <paramref name="observe"/> sees every input, ticks
    /// included, at the fake clock's time; it runs before the clock moves on.
    /// </summary>
    public void Run(RoomStateMachine room, FakeTimeProvider time, Random random, TimeSpan duration, Action<DateTimeOffset, RoomInput> observe)
    {
        var start = time.GetUtcNow();
        var end = start + duration;
        var nextTick = start + TimeSpan.FromSeconds(1);
        while (true)
        {
            var at = time.GetUtcNow() + Gap(random);
            for (; nextTick <= at && nextTick <= end; nextTick += TimeSpan.FromSeconds(1))
            {
                time.SetUtcNow(nextTick);
                observe(nextTick, new RoomInput("tick", room.Tick(Snapshot)));
            }

            if (at > end) break;
            time.SetUtcNow(at);
            observe(at, Next(room, random));
        }
    }

    private static TimeSpan Gap(Random random) => random.Next(100) switch
    {
        < 40 => TimeSpan.FromMilliseconds(random.Next(0, 400)),
        < 70 => TimeSpan.FromMilliseconds(random.Next(400, 2_000)),
        < 99 => TimeSpan.FromMilliseconds(random.Next(2_000, 10_000)),
        _ => TimeSpan.FromSeconds(random.Next(10, 20 * 60)),
    };

    /// <summary>
    /// Every input the room has today: escort, pupil, non-escort, unknown and unconfigured badges, the panel's end
    /// button, presence/motion/door reports, devices going offline and coming back, and the fire alarm.
    /// </summary>
    public static RandomRoomInputs Standard(RoomSnapshot snapshot, IReadOnlyList<string> escorts, IReadOnlyList<string> pupils, IReadOnlyList<string> others, IReadOnlyList<string> lights)
    {
        string[] sensors = ["radar", "pir", "door"];
        string[] devices = [.. lights, .. sensors, "wall-timer"];
        return new RandomRoomInputs(snapshot)
            .Add("escort badge", 6, (room, random) => new("escort badge", room.BadgeRead(EntryReader, Pick(random, escorts), snapshot)))
            .Add("pupil badge", 6, (room, random) => new("pupil badge", room.BadgeRead(EntryReader, Pick(random, pupils), snapshot)))
            .Add("other badge", 1, (room, random) => new("other badge", room.BadgeRead(EntryReader, Pick(random, others), snapshot)))
            .Add("unknown badge", 2, (room, random) => new("unknown badge", room.BadgeRead(EntryReader, $"04{random.Next(0x1000000):X6}", snapshot)))
            .Add("badge without configuration", 1, (room, random) => new("badge without configuration", room.BadgeRead(EntryReader, Pick(random, escorts), null)))
            .Add("end on panel", 2, (room, _) => new("end on panel", room.EndOnPanel(snapshot)))
            .Add("abort on panel", 1, (room, _) => new("abort on panel", room.AbortOnPanel(snapshot)))
            .Add("start on panel", 2, (room, random) => new("start on panel", room.StartOnPanel(Enum.GetValues<SessionKind>()[random.Next(4)], snapshot)))
            .Add("extend on panel", 2, (room, random) => new("extend on panel", room.ExtendOnPanel(random.Next(3) == 0 ? random.Next(1, 10) : null, snapshot)))
            .Add("sensor", 4, (room, random) =>
            {
                var device = Pick(random, sensors);
                var kind = device switch { "radar" => SensorKind.Presence, "pir" => SensorKind.Motion, _ => SensorKind.Door };
                var vitals = random.Next(4) == 0 ? new ReportedVitals(random.Next(0, 101), random.Next(0, 256)) : null;
                return new("sensor", room.SensorReported(device, kind, random.Next(2) == 0, vitals, snapshot));
            })
            .Add("availability", 3, (room, random) =>
            {
                var device = Pick(random, devices);
                var online = random.Next(2) == 0;
                var decision = room.AvailabilityReported(device, online, online ? null : "zigbee2mqtt availability: offline", snapshot);
                return new("availability", decision) { CameOnline = online ? device : null };
            })
            .Add("fire alarm", 1, (room, random) => new("fire alarm", room.FireAlarmReported("fire-alarm", random.Next(3) == 0)));
    }

    private static string Pick(Random random, IReadOnlyList<string> items) => items[random.Next(items.Count)];
}
