namespace Inclusion.Iot.Edge.Worker.Options;

/// <summary>The <c>Edge</c> section: who this edge is and where it keeps its files.</summary>
public sealed class EdgeOptions
{
    public const string SectionName = "Edge";

    public string EdgeId { get; set; } = "edge-sensory-1";
    public string RoomConfigPath { get; set; } = "room.json";
    public string DataDirectory { get; set; } = "data";
}
