namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>An escort who badged in and is waiting for pupils (no session yet), since <paramref name="BadgedAt"/>.</summary>
public sealed record EscortPresence(string StaffId, string DisplayName, DateTimeOffset BadgedAt);
