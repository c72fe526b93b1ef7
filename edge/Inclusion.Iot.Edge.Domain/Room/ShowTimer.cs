namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>Update the timer displays: every one, or only <paramref name="Device"/> (one that came back online).</summary>
public sealed record ShowTimer(TimerDisplay Display, string? Device = null) : RoomEffect;
