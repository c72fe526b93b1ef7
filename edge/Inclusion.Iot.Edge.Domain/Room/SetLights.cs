namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>Set every lighting zone to a scene.</summary>
public sealed record SetLights(LightScene Scene) : RoomEffect;
