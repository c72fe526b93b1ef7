namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>Tell the panel, MQTT (<c>inclusion/&lt;room&gt;/alert</c>) and Home Assistant that an alert is raised or cleared.</summary>
public sealed record PublishAlert(AlertKind Kind, bool Active, DateTimeOffset Since) : RoomEffect;
