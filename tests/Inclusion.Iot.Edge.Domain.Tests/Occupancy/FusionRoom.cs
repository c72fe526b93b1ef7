using Inclusion.Iot.Edge.Domain.Occupancy;

namespace Inclusion.Iot.Edge.Domain.Tests.Occupancy;

/// <summary>A room's occupancy fusion driven on explicit instants, collecting every change.</summary>
internal sealed class FusionRoom(OccupancyPolicy? policy = null)
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Values other than the defaults, so a test can tell which one applied.</summary>
    public static readonly OccupancyPolicy TestPolicy = new()
    {
        MotionHoldSeconds = 45,
        PresenceClearDebounceSeconds = 7,
        DoorHoldMaxMinutes = 30,
    };

    public OccupancyPolicy Policy { get; } = policy ?? TestPolicy;
    public OccupancyFusionState State { get; private set; } = OccupancyFusionState.Initial;
    public List<OccupancyChange> Changes { get; } = [];

    public static DateTimeOffset At(double seconds) => T0 + TimeSpan.FromSeconds(seconds);

    public IReadOnlyList<OccupancyChange> Motion(double atSeconds, bool motion, string sensor = "pir") =>
        Report(atSeconds, new SensorReading(sensor, SensorKind.Motion, motion));

    public IReadOnlyList<OccupancyChange> Presence(double atSeconds, bool present, string sensor = "radar") =>
        Report(atSeconds, new SensorReading(sensor, SensorKind.Presence, present));

    public IReadOnlyList<OccupancyChange> Door(double atSeconds, bool open, string sensor = "door") =>
        Report(atSeconds, new SensorReading(sensor, SensorKind.Door, open));

    public IReadOnlyList<OccupancyChange> Report(double atSeconds, SensorReading reading) =>
        Record(OccupancyFusion.Report(State, reading, Policy, At(atSeconds)));

    public IReadOnlyList<OccupancyChange> Report(DateTimeOffset at, SensorReading reading) =>
        Record(OccupancyFusion.Report(State, reading, Policy, at));

    public IReadOnlyList<OccupancyChange> Availability(double atSeconds, string sensor, bool online) =>
        Record(OccupancyFusion.Availability(State, sensor, online, Policy, At(atSeconds)));

    public IReadOnlyList<OccupancyChange> Tick(double atSeconds) => Tick(At(atSeconds));

    public IReadOnlyList<OccupancyChange> Tick(DateTimeOffset at) => Record(OccupancyFusion.Tick(State, Policy, at));

    private IReadOnlyList<OccupancyChange> Record(OccupancyDecision decision)
    {
        State = decision.State;
        Changes.AddRange(decision.Changes);
        return decision.Changes;
    }
}
