namespace Inclusion.Iot.Edge.Domain.Configuration;

/// <summary>
/// What the room needs from the server's configuration snapshot to decide on badges and sessions.
/// Pupils appear only under pseudonymous ids and a panel display name.
/// </summary>
public sealed record RoomSnapshot
{
    public required long Version { get; init; }
    public required string RoomId { get; init; }
    public required IReadOnlyList<byte> BadgeSalt { get; init; }
    public IReadOnlyList<StaffCard> Staff { get; init; } = [];
    public IReadOnlyList<PupilCard> Pupils { get; init; } = [];
    public RoomRules Rules { get; init; } = new();
}
