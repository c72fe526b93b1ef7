namespace Inclusion.Iot.Server.Records.Configuration;

/// <summary>
/// The configuration an edge runs its room on, as the records hold it. Pupils appear by pseudonymous id and panel
/// display name only: full names, programmes' texts and badge UIDs are never part of it. The gateway maps it to the
/// contract's <c>ConfigurationSnapshot</c>.
/// </summary>
public sealed record RoomConfiguration(
    long Version,
    string OrganisationId,
    ConfiguredRoom Room,
    IReadOnlyList<ConfiguredDevice> Devices,
    IReadOnlyList<ConfiguredStaffMember> Staff,
    IReadOnlyList<ConfiguredPupil> Pupils,
    ReadOnlyMemory<byte> BadgeSalt,
    ValidRoomPolicy Policy,
    string TimeZone,
    DateTimeOffset IssuedAt);
