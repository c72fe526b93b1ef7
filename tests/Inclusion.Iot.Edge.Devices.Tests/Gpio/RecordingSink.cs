using System.Threading.Channels;
using Inclusion.Iot.Edge.Devices.Inputs;
using Inclusion.Iot.Edge.Devices.Ports;

namespace Inclusion.Iot.Edge.Devices.Tests.Gpio;

/// <summary>The room's queue as a test sees it: every report, in order, awaited one by one.</summary>
internal sealed class RecordingSink : IDeviceInputSink
{
    // Only a guard against a hung test; no test waits this long when it passes.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly Channel<DeviceInput> _reports = Channel.CreateUnbounded<DeviceInput>();

    public ValueTask ReportAsync(DeviceInput input, CancellationToken cancellationToken) => _reports.Writer.WriteAsync(input, cancellationToken);

    public async Task<DeviceInput> NextAsync() => await _reports.Reader.ReadAsync().AsTask().WaitAsync(Patience);

    public bool TryNext(out DeviceInput? input) => _reports.Reader.TryRead(out input);
}
