namespace Inclusion.Iot.Server.Data;

/// <summary>A pupil assigned to a pupil's assistant or tutor (R-ESCORT).</summary>
public sealed class StaffAssignment : IConfigurationRecord
{
    public required string OrganisationId { get; set; }

    public required string StaffId { get; set; }

    public required string PupilId { get; set; }
}
