using Inclusion.Iot.Server.Data;

namespace Inclusion.Iot.Server.Records.Configuration;

/// <summary>A staff member of the organisation: the badge's hash, never its UID; the pupils assigned, in id order.</summary>
public sealed record ConfiguredStaffMember(
    string StaffId,
    string DisplayName,
    ReadOnlyMemory<byte> BadgeHash,
    StaffRole Role,
    StaffPermissions Permissions,
    IReadOnlyList<string> AssignedPupilIds);
