using System.Threading.Channels;
using Inclusion.Iot.Edge.Devices.Inputs;
using Inclusion.Iot.Edge.Devices.Ports;
using Microsoft.Extensions.Time.Testing;

namespace Inclusion.Iot.Edge.Devices.Tests.Readers;

/// <summary>
/// Runs a polled reader on a <see cref="FakeTimeProvider"/>, one poll at a time: each step advances the clock by
/// exactly the wait the reader started, then waits until it has polled and started its next wait (the barrier), so
/// what the sink holds afterwards is everything that poll reported.
/// </summary>
internal sealed class ReaderHarness : IDeviceInputSink, IAsyncDisposable
{
    private readonly Channel<TimeSpan> _waits = Channel.CreateUnbounded<TimeSpan>();
    private readonly List<DeviceInput> _inputs = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _run;

    public FakeTimeProvider Time { get; } = new();

    /// <summary>The wait the reader is in now.</summary>
    public TimeSpan CurrentWait { get; private set; }

    public IReadOnlyList<DeviceInput> Inputs
    {
        get
        {
            lock (_inputs) return [.. _inputs];
        }
    }

    public IReadOnlyList<T> Of<T>() where T : DeviceInput => [.. Inputs.OfType<T>()];

    public Task Run => _run ?? throw new InvalidOperationException("Not started.");

    /// <summary>Starts the reader and returns after its first iteration (initialisation and first poll).</summary>
    public async Task StartAsync(IHardwareInput reader, Action<Action<TimeSpan>> subscribe)
    {
        subscribe(wait => _waits.Writer.TryWrite(wait));
        _run = reader.RunAsync(this, _stop.Token);
        CurrentWait = await NextWaitAsync();
    }

    public async Task PollAsync(int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            Time.Advance(CurrentWait);
            CurrentWait = await NextWaitAsync();
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null) await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _run);
    }

    public ValueTask ReportAsync(DeviceInput input, CancellationToken cancellationToken)
    {
        lock (_inputs) _inputs.Add(input);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await _stop.CancelAsync();
        if (_run is not null)
        {
            try
            {
                await _run;
            }
            catch (OperationCanceledException)
            {
            }
        }

        _stop.Dispose();
    }

    // The real-time bound only turns a hung reader into a failure; a passing run never waits on it.
    private async Task<TimeSpan> NextWaitAsync()
    {
        var read = _waits.Reader.ReadAsync().AsTask();
        var finished = await Task.WhenAny(read, Run, Task.Delay(TimeSpan.FromSeconds(20), TimeProvider.System));
        if (finished == Run) await Run; // surfaces what the reader threw
        if (finished != read) throw new TimeoutException("The reader did not start its next wait.");
        return await read;
    }
}
