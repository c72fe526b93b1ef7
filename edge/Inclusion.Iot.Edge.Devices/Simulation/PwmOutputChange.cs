namespace Inclusion.Iot.Edge.Devices.Simulation;

/// <summary>A <see cref="SimulatedPwmChannel"/>'s output duty changed, at a <see cref="TimeProvider"/> timestamp.</summary>
public readonly record struct PwmOutputChange(long Timestamp, double DutyCycle);
