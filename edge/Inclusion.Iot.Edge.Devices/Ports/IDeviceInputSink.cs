using Inclusion.Iot.Edge.Devices.Inputs;

namespace Inclusion.Iot.Edge.Devices.Ports;

/// <summary>Where input devices report: the room's decisions, one at a time in arrival order.</summary>
public interface IDeviceInputSink
{
    ValueTask ReportAsync(DeviceInput input, CancellationToken cancellationToken);
}
