namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>
/// Sound the room's buzzer once, softly: a warning phase began, or the time is up (<paramref name="End"/>). Only for
/// pupils whose profile asks for a chime; never on a restart or reconnect.
/// </summary>
public sealed record SoundChime(bool End) : RoomEffect;
