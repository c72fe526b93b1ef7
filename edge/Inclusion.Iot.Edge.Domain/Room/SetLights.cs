namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>Set the lighting zones to a scene: every zone, or only <paramref name="Device"/> (one that came back online).</summary>
public sealed record SetLights(LightScene Scene, string? Device = null) : RoomEffect;
