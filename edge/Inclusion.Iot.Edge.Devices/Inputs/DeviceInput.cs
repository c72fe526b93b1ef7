using Inclusion.Iot.Edge.Domain.Health;

namespace Inclusion.Iot.Edge.Devices.Inputs;

/// <summary>
/// What a device reported, read from its own convention's payload or hardware, in the room's units.
/// <see cref="Vitals"/> carries battery and link quality where the message had them (every report is also "seen now").
/// </summary>
public abstract record DeviceInput(string Device)
{
    public ReportedVitals? Vitals { get; init; }
}
