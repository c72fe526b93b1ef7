namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>Hold the door's locks against entry (never against exit: the door always opens from inside).</summary>
public sealed record HoldLocks : RoomEffect;
