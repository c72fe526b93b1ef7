namespace Inclusion.Iot.Edge.Worker.Room;

/// <summary>What the system says about its wall clock's synchronisation.</summary>
public enum ClockSyncState
{
    /// <summary>Nothing could be asked (not Linux, or the probe failed): treated as not synchronised.</summary>
    Unknown,
    Unsynchronised,
    Synchronised,
}

/// <summary>The system's word on clock synchronisation, behind an interface so tests can say anything.</summary>
public interface IClockSyncSource
{
    /// <summary>Asks the system now. Never throws: whatever cannot be asked is <see cref="ClockSyncState.Unknown"/>.</summary>
    ClockSyncState Probe();
}
