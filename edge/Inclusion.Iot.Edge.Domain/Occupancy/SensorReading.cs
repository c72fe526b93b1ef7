namespace Inclusion.Iot.Edge.Domain.Occupancy;

/// <summary>
/// One report of a room sensor, in the room's words. <paramref name="Active"/> is "motion" for a PIR, "present" for an
/// mmWave sensor and "open" for a door contact.
/// </summary>
public sealed record SensorReading(string Sensor, SensorKind Kind, bool Active);
