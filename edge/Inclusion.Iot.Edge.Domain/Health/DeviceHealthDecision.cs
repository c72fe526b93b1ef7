using Inclusion.Iot.Edge.Domain.Events;

namespace Inclusion.Iot.Edge.Domain.Health;

/// <summary>The outcome of one input: the new book and one event per device whose status changed.</summary>
public sealed record DeviceHealthDecision(DeviceHealthBook Book, IReadOnlyList<DeviceHealthChanged> Changes);
