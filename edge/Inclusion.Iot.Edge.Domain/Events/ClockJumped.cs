namespace Inclusion.Iot.Edge.Domain.Events;

/// <summary>
/// The wall clock jumped by <paramref name="Delta"/> against the monotonic clock (a Pi without an RTC getting its time):
/// the running session's times moved with it, so its remaining time is unharmed.
/// </summary>
public sealed record ClockJumped(DateTimeOffset OccurredAt, TimeSpan Delta, bool Synchronised) : RoomEvent(OccurredAt);
