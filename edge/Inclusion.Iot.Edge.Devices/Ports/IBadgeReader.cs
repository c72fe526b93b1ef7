namespace Inclusion.Iot.Edge.Devices.Ports;

/// <summary>A badge reader at the door: reports <see cref="Inputs.BadgeInput"/> with the card's UID, normalised by <see cref="Inputs.BadgeUid"/>.</summary>
public interface IBadgeReader : IRoomDevice;
