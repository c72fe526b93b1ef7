using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Worker.Room;

/// <summary>One input waiting in the room's queue: how to decide it, who waits for the outcome, and their cancellation.</summary>
internal sealed record PendingDecision(Func<RoomStateMachine, RoomDecision> Decide, TaskCompletionSource<RoomDecision> Done, CancellationToken CancellationToken);
