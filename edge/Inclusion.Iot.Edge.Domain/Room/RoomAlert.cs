namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>An alert in force: its kind and since when the condition held.</summary>
public sealed record RoomAlert(AlertKind Kind, DateTimeOffset Since, DateTimeOffset RaisedAt);

public enum AlertKind
{
    /// <summary>The room is occupied and no escort has been present for the grace period.</summary>
    UnescortedPresence,
    /// <summary>The last escort badged out while the room was occupied (the two-person rule: nobody is left behind).</summary>
    LastEscortLeft,
}
