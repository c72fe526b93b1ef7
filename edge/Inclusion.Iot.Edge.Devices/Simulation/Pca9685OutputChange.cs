namespace Inclusion.Iot.Edge.Devices.Simulation;

/// <summary>One channel of a <see cref="SimulatedPca9685"/> changed its output duty, at a <see cref="TimeProvider"/> timestamp.</summary>
public readonly record struct Pca9685OutputChange(long Timestamp, int Channel, double DutyCycle);
