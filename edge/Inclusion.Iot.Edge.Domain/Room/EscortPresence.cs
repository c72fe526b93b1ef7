namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>A staff member who badged in as escort, and when.</summary>
public sealed record EscortPresence(string StaffId, string DisplayName, DateTimeOffset BadgedAt);
