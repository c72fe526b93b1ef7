namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>The room's top-level state (published as <c>idle</c>, <c>escort_present</c>, <c>session</c>).</summary>
public enum RoomMode
{
    Idle,
    EscortPresent,
    Session,
}
