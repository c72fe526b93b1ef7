namespace Inclusion.Iot.Edge.Worker.HomeAssistant;

/// <summary>
/// One Home Assistant entity of the room, described by data (Home Assistant core's entity description): all are read
/// from the retained room state, <c>inclusion/&lt;room&gt;/state</c>, through <see cref="ValueTemplate"/>.
/// </summary>
/// <param name="Key">Stable: part of the unique id <c>inclusion_&lt;room&gt;_&lt;key&gt;</c>; never rename.</param>
/// <param name="Platform"><see cref="RoomEntities.BinarySensor"/> or <see cref="RoomEntities.Sensor"/>.</param>
/// <param name="Name">The entity's name, shown after the device's name.</param>
/// <param name="ValueTemplate">Jinja over <c>value_json</c>; binary sensors render <c>ON</c>/<c>OFF</c>, a missing value renders <c>None</c> (unknown).</param>
public sealed record RoomEntityDescription(string Key, string Platform, string Name, string ValueTemplate)
{
    public string? DeviceClass { get; init; }
    public string? UnitOfMeasurement { get; init; }
    public string? Icon { get; init; }
    /// <summary><c>diagnostic</c> for entities about the room's equipment rather than the room.</summary>
    public string? EntityCategory { get; init; }
    /// <summary>Attributes (a JSON object) taken from the state topic as well.</summary>
    public string? JsonAttributesTemplate { get; init; }
    /// <summary>The values of an <c>enum</c> sensor.</summary>
    public IReadOnlyList<string>? Options { get; init; }
}
