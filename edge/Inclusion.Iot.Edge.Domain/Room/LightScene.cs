namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>A lighting scene for every lighting zone of the room: level, colour temperature and fade time.</summary>
public sealed record LightScene(bool On, int Brightness, int ColorTempMireds, int TransitionSeconds)
{
    /// <summary>The room at rest between sessions.</summary>
    public static readonly LightScene Idle = new(true, 120, 370, 3);
}
