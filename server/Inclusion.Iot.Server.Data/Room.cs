namespace Inclusion.Iot.Server.Data;

public sealed class Room : IConfigurationRecord
{
    public required string Id { get; set; }

    public required string OrganisationId { get; set; }

    public required string Name { get; set; }

    public RoomKind Kind { get; set; }

    /// <summary>R-CAP: the most pupils the room holds at once.</summary>
    public int Capacity { get; set; }

    public Organisation? Organisation { get; set; }

    public List<Device> Devices { get; } = [];
}
