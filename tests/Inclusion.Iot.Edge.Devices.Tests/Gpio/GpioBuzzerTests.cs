using System.Device.Gpio;
using Inclusion.Iot.Edge.Devices.Gpio;
using Inclusion.Iot.Edge.Devices.Ports;
using Inclusion.Iot.Edge.Devices.Simulation;
using Microsoft.Extensions.Time.Testing;

namespace Inclusion.Iot.Edge.Devices.Tests.Gpio;

/// <summary>Each pin write is stamped with the fake clock's time; the clock moves 1 ms at a time, only by the test.</summary>
public sealed class GpioBuzzerTests : IDisposable
{
    private const int Pin = 24;
    private readonly SimulatedGpioDriver _driver = new();
    private readonly GpioController _gpio;
    private readonly FakeTimeProvider _time = new();
    private readonly DateTimeOffset _start;
    private readonly List<(PinValue Value, int AtMs)> _writes = [];

    public GpioBuzzerTests()
    {
        _gpio = new GpioController(_driver);
        _start = _time.GetUtcNow();
        _driver.PinWritten += (pin, value) =>
        {
            if (pin == Pin) _writes.Add((value, (int)(_time.GetUtcNow() - _start).TotalMilliseconds));
        };
    }

    [Fact]
    public async Task Warning_is_one_150_ms_tone()
    {
        await using var buzzer = new GpioBuzzer("buzzer", Pin, _gpio, _time);
        var chime = buzzer.ChimeAsync(Chime.Warning, CancellationToken.None);
        await Run(chime, TimeSpan.FromSeconds(1));
        Assert.Equal([(PinValue.Low, 0), (PinValue.High, 0), (PinValue.Low, 150)], _writes);
    }

    [Fact]
    public async Task End_is_two_150_ms_tones_with_a_250_ms_pause()
    {
        await using var buzzer = new GpioBuzzer("buzzer", Pin, _gpio, _time);
        var chime = buzzer.ChimeAsync(Chime.End, CancellationToken.None);
        await Run(chime, TimeSpan.FromSeconds(1));
        Assert.Equal([(PinValue.Low, 0), (PinValue.High, 0), (PinValue.Low, 150), (PinValue.High, 400), (PinValue.Low, 550)], _writes);
    }

    [Fact]
    public async Task A_cancelled_chime_leaves_the_pin_off_and_sounds_no_more()
    {
        await using var buzzer = new GpioBuzzer("buzzer", Pin, _gpio, _time);
        using var cancel = new CancellationTokenSource();
        var chime = buzzer.ChimeAsync(Chime.End, cancel.Token);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => chime.WaitAsync(TimeSpan.FromSeconds(10)));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal([(PinValue.Low, 0), (PinValue.High, 0), (PinValue.Low, 100)], _writes);
        Assert.Equal(PinValue.Low, _driver.WrittenValue(Pin));
    }

    [Fact]
    public async Task Dispose_mid_chime_silences_it_and_closes_the_pin()
    {
        var buzzer = new GpioBuzzer("buzzer", Pin, _gpio, _time);
        var chime = buzzer.ChimeAsync(Chime.Warning, CancellationToken.None);
        await buzzer.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => chime.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(PinValue.Low, _writes[^1].Value);
        Assert.DoesNotContain(Pin, _driver.OpenPins);
    }

    [Fact]
    public async Task A_second_chime_waits_for_the_first_instead_of_cutting_it()
    {
        await using var buzzer = new GpioBuzzer("buzzer", Pin, _gpio, _time);
        var first = buzzer.ChimeAsync(Chime.Warning, CancellationToken.None);
        var second = buzzer.ChimeAsync(Chime.Warning, CancellationToken.None);
        await Run(Task.WhenAll(first, second), TimeSpan.FromSeconds(1));
        Assert.Equal([(PinValue.Low, 0), (PinValue.High, 0), (PinValue.Low, 150), (PinValue.High, 150), (PinValue.Low, 300)], _writes);
    }

    [Fact]
    public async Task Active_low_buzzer_sounds_on_low_and_rests_high()
    {
        await using var buzzer = new GpioBuzzer("buzzer", Pin, _gpio, _time, activeLow: true);
        await Run(buzzer.ChimeAsync(Chime.Warning, CancellationToken.None), TimeSpan.FromSeconds(1));
        Assert.Equal([(PinValue.High, 0), (PinValue.Low, 0), (PinValue.High, 150)], _writes);
    }

    public void Dispose() => _gpio.Dispose();

    private async Task Run(Task chime, TimeSpan longest)
    {
        for (var ms = 0; ms < longest.TotalMilliseconds && !chime.IsCompleted; ms++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(1));
            // Let a continuation that went to the pool write before the clock moves on.
            await Task.Yield();
        }

        await chime.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
