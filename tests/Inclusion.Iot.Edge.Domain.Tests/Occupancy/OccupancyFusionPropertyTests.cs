using Inclusion.Iot.Edge.Domain.Occupancy;

namespace Inclusion.Iot.Edge.Domain.Tests.Occupancy;

/// <summary>Random sequences of readings over hours of explicit time, ticked every second, checked against the rules.</summary>
public sealed class OccupancyFusionPropertyTests
{
    private static readonly TimeSpan Hours = TimeSpan.FromHours(4);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Presence_only_room_never_clears_twice_within_a_debounce_window_and_follows_the_debounced_sensor(int seed)
    {
        var random = new Random(seed);
        var room = new FusionRoom();
        var debounce = room.Policy.PresenceClearDebounce;
        var now = FusionRoom.T0;
        var nextTick = now;
        var present = false;
        DateTimeOffset? absentSince = null;
        while (now - FusionRoom.T0 < Hours)
        {
            now += TimeSpan.FromMilliseconds(random.Next(0, 15_000));
            for (; nextTick < now; nextTick += TimeSpan.FromSeconds(1))
            {
                room.Tick(nextTick);
                var expected = present || (absentSince is { } s && nextTick - s < debounce);
                Assert.Equal(expected, room.State.Occupied);
            }

            var reading = random.Next(3) > 0;
            if (present && !reading) absentSince = now;
            if (reading) absentSince = null;
            present = reading;
            room.Report(now, new SensorReading("radar", SensorKind.Presence, reading));
        }

        Assert.True(room.Changes.Count > 50, $"only {room.Changes.Count} changes: the sequence does not exercise the rule");
        AssertAlternatingAndOrdered(room.Changes);
        var ends = room.Changes.Where(c => !c.Occupied).ToList();
        Assert.All(ends, e => Assert.True(e.EndedAt!.Value - e.StartedAt >= debounce, $"interval {e.StartedAt:O}..{e.EndedAt:O} shorter than the debounce"));
        Assert.All(ends.Zip(ends.Skip(1)), pair => Assert.True(pair.Second.EndedAt!.Value - pair.First.EndedAt!.Value >= debounce));
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    public void Door_hold_never_keeps_the_room_longer_than_its_maximum_after_the_sensors_last_saw_someone(int seed)
    {
        var random = new Random(seed);
        // A short maximum so that random hours reach it often.
        var room = new FusionRoom(FusionRoom.TestPolicy with { DoorHoldMaxMinutes = 3 });
        var bound = Max(room.Policy.MotionHold, room.Policy.PresenceClearDebounce) + room.Policy.DoorHoldMax;
        var now = FusionRoom.T0;
        var nextTick = now;
        var active = new Dictionary<string, bool> { ["pir"] = false, ["radar"] = false };
        var lastEvidence = now;
        while (now - FusionRoom.T0 < Hours)
        {
            now += TimeSpan.FromMilliseconds(random.Next(0, 90_000));
            for (; nextTick < now; nextTick += TimeSpan.FromSeconds(1))
            {
                room.Tick(nextTick);
                if (room.State.Occupied && !active.Values.Any(a => a))
                {
                    Assert.True(nextTick - lastEvidence <= bound, $"occupied at {nextTick:O}, {nextTick - lastEvidence} after the last evidence");
                }
            }

            var kind = random.Next(10);
            SensorReading reading = kind switch
            {
                < 2 => new SensorReading("door", SensorKind.Door, random.Next(4) == 0),
                < 6 => new SensorReading("pir", SensorKind.Motion, random.Next(2) == 0),
                _ => new SensorReading("radar", SensorKind.Presence, random.Next(2) == 0),
            };
            if (reading.Kind != SensorKind.Door)
            {
                if (reading.Active || active[reading.Sensor]) lastEvidence = now;
                active[reading.Sensor] = reading.Active;
            }

            room.Report(now, reading);
        }

        AssertAlternatingAndOrdered(room.Changes);
        Assert.All(room.Changes.Where(c => !c.Occupied), c => Assert.True(c.EndedAt >= c.StartedAt));
        Assert.True(room.Changes.Count > 20, $"only {room.Changes.Count} changes");
        Assert.Contains(room.Changes, c => !c.Occupied && c.Sensors.Contains("door")); // the hold was exercised
    }

    private static void AssertAlternatingAndOrdered(IReadOnlyList<OccupancyChange> changes)
    {
        for (var i = 0; i < changes.Count; i++)
        {
            Assert.Equal(i % 2 == 0, changes[i].Occupied);
            if (i > 0)
            {
                var previous = changes[i - 1].EndedAt ?? changes[i - 1].StartedAt;
                var current = changes[i].EndedAt ?? changes[i].StartedAt;
                Assert.True(current >= previous, $"change {i} at {current:O} before change {i - 1} at {previous:O}");
            }
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
