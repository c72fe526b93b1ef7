namespace Inclusion.Iot.Edge.Devices.Ports;

/// <summary>
/// An input wired to the Pi (GPIO, SPI, I2C): it watches or polls its hardware and reports to the sink until
/// cancelled. A device that stops answering reports itself offline (a health event), never a silent gap; junk
/// from the hardware is a <see cref="Inputs.RejectedInput"/>, never an action. Returns when cancelled.
/// </summary>
public interface IHardwareInput : IRoomDevice, IAsyncDisposable
{
    Task RunAsync(IDeviceInputSink sink, CancellationToken cancellationToken);
}
