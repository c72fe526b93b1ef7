namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>Something the room must do outside itself, after its events are recorded.</summary>
public abstract record RoomEffect;
