namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>Release every door lock of the room at once (fire alarm, shutdown): exit is never controlled.</summary>
public sealed record ReleaseLocks : RoomEffect;
