namespace Inclusion.Iot.Server.Data;

/// <summary>A staff member who escorted a session (R-ESCORT).</summary>
public sealed class SessionEscort
{
    public required string SessionId { get; set; }

    public required string StaffId { get; set; }
}
