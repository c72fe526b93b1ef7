namespace Inclusion.Iot.Server.Data;

/// <summary>A room's equipment item (D-EQUIP). Wiring lives in the edge's room file, not here.</summary>
public sealed class Device : IConfigurationRecord
{
    public int Id { get; set; }

    public required string OrganisationId { get; set; }

    public required string RoomId { get; set; }

    /// <summary>The name in the room configuration file, e.g. <c>ceiling-light</c>; unique per room.</summary>
    public required string Name { get; set; }

    public DeviceRole Role { get; set; }

    public required string Driver { get; set; }
}
