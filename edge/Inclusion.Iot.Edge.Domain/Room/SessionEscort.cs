namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>A staff member escorting a session (R-ESCORT).</summary>
public sealed record SessionEscort(string StaffId, string DisplayName);
