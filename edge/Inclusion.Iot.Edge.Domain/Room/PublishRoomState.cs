namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>Publish the room's state (retained) for panels and dashboards.</summary>
public sealed record PublishRoomState : RoomEffect;
