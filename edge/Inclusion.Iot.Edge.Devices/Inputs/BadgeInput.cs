namespace Inclusion.Iot.Edge.Devices.Inputs;

/// <summary>A card at a reader; <paramref name="Uid"/> is normalised by <see cref="Domain.Configuration.BadgeUid"/>.</summary>
public sealed record BadgeInput(string Device, string Uid) : DeviceInput(Device);
