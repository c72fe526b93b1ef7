namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>Update every timer display.</summary>
public sealed record ShowTimer(TimerDisplay Display) : RoomEffect;
