namespace Inclusion.Iot.Server.Data;

public enum AlertKind
{
    Unspecified = 0,
    /// <summary>Occupied with no escort present for the grace period (R-ESCORT).</summary>
    UnescortedPresence = 1,
    /// <summary>The last escort badged out while the room was occupied.</summary>
    LastEscortLeft = 2,
}
