namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>Which of a session's scenes the lights show: arrival, the pupils' own, the transition out before the end.</summary>
public enum SceneStage
{
    Arrival,
    Session,
    TransitionOut,
}
