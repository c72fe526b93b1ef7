namespace Inclusion.Iot.Edge.Worker.HomeAssistant;

/// <summary>The <c>HomeAssistant</c> section: read-only MQTT discovery of the room for a school's Home Assistant.</summary>
public sealed class HomeAssistantOptions
{
    public const string SectionName = "HomeAssistant";

    /// <summary>Announce the room's entities (and listen for Home Assistant's birth message).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Home Assistant's discovery prefix (its MQTT integration setting); a plain topic, no wildcards.</summary>
    public string DiscoveryPrefix { get; set; } = "homeassistant";

    /// <summary>Shown in Home Assistant as where to get help with this device (<c>o.url</c>); omitted when not set.</summary>
    public string? SupportUrl { get; set; }
}
