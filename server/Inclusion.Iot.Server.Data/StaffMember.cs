namespace Inclusion.Iot.Server.Data;

public sealed class StaffMember : IConfigurationRecord
{
    public required string Id { get; set; }

    public required string OrganisationId { get; set; }

    /// <summary>Shown on the wall panel, e.g. "Olena P.".</summary>
    public required string DisplayName { get; set; }

    /// <summary>HMAC-SHA256 of the badge UID with the organisation's salt; the UID itself is never stored.</summary>
    public required byte[] BadgeHash { get; set; }

    public StaffRole Role { get; set; }

    public StaffPermissions Permissions { get; set; }

    /// <summary>R-ESCORT: a pupil's assistant or tutor escorts only these pupils.</summary>
    public List<StaffAssignment> Assignments { get; } = [];
}
