using Inclusion.Iot.Edge.Domain.Events;

namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>The outcome of one input: the new state, the events to record first, then the effects to apply.</summary>
public sealed record RoomDecision(RoomState State, IReadOnlyList<RoomEvent> Events, IReadOnlyList<RoomEffect> Effects)
{
    public bool StateChanged { get; init; }

    /// <summary>Why a panel action did nothing (badge refusals are events and in <see cref="RoomState.LastRefusal"/>).</summary>
    public RefusalReason? Refused { get; init; }

    /// <summary>The rule that refused it (e.g. <c>R-DUR</c>), when a rule did.</summary>
    public string? RefusedBy { get; init; }

    public bool IsEmpty => !StateChanged && Events.Count == 0 && Effects.Count == 0;
}
