using Inclusion.Iot.Edge.Domain.Health;
using Inclusion.Iot.Edge.Domain.Occupancy;

namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>The whole persisted state of one room. Immutable; every transition yields a new value.</summary>
public sealed record RoomState
{
    public static readonly RoomState Initial = new();

    public RoomMode Mode { get; init; } = RoomMode.Idle;
    /// <summary>Escorts who badged in and wait for pupils (no session yet). A running session keeps its own escorts.</summary>
    public IReadOnlyList<EscortPresence> Escorts { get; init; } = [];
    /// <summary>Until when a pupil's badge is admitted: opened by an escort's badge, renewed by each pupil admitted.</summary>
    public DateTimeOffset? AdmitUntil { get; init; }
    public RunningSession? Session { get; init; }
    public bool? Occupied { get; init; }
    public bool? DoorOpen { get; init; }
    /// <summary>True while a fire-alarm input is active: the locks stay released.</summary>
    public bool FireAlarm { get; init; }
    public Refusal? LastRefusal { get; init; }
    /// <summary>A pupil who badged first and waits for an escort's badge (R-ESCORT, either order within the window).</summary>
    public WaitingPupil? WaitingPupil { get; init; }
    /// <summary>A refusal a specialist may still override on the panel.</summary>
    public PendingOverride? PendingOverride { get; init; }
    /// <summary>The alert in force (a pupil possibly without an escort), until an escort arrives.</summary>
    public RoomAlert? Alert { get; init; }
    /// <summary>Since when the room has been occupied with no escort present (the alert's grace runs from here).</summary>
    public DateTimeOffset? UnescortedSince { get; init; }
    /// <summary>Until when the door's lock stays released after an accepted badge.</summary>
    public DateTimeOffset? LockReleasedUntil { get; init; }
    /// <summary>A fire alarm released the lock: it stays released until a person resets it on the panel.</summary>
    public bool FireLatched { get; init; }
    /// <summary>The sessions each pupil took part in on this edge over the last days (R-WEEK), newest last.</summary>
    public IReadOnlyList<CountedSession> SessionLog { get; init; } = [];
    /// <summary>The fused occupancy of all the room's sensors (<see cref="Occupied"/> follows it).</summary>
    public OccupancyFusionState Occupancy { get; init; } = OccupancyFusionState.Initial;
    /// <summary>Every device's last seen, battery, link quality and status.</summary>
    public DeviceHealthBook Health { get; init; } = DeviceHealthBook.Empty;
    /// <summary>Last known availability per device name.</summary>
    public IReadOnlyDictionary<string, bool> DeviceOnline { get; init; } = new Dictionary<string, bool>();
}
