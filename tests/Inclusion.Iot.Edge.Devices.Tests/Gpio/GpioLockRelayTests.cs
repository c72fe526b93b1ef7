using System.Device.Gpio;
using Inclusion.Iot.Edge.Devices.Gpio;
using Inclusion.Iot.Edge.Devices.Simulation;

namespace Inclusion.Iot.Edge.Devices.Tests.Gpio;

public sealed class GpioLockRelayTests : IDisposable
{
    private const int Pin = 23;
    private readonly SimulatedGpioDriver _driver = new();
    private readonly GpioController _gpio;
    private readonly List<PinValue> _writes = [];

    public GpioLockRelayTests()
    {
        _gpio = new GpioController(_driver);
        _driver.PinWritten += (pin, value) =>
        {
            if (pin == Pin) _writes.Add(value);
        };
    }

    [Fact]
    public async Task It_starts_released_the_moment_the_pin_opens()
    {
        await using var relay = new GpioLockRelay("door-lock", Pin, _gpio);
        Assert.Equal([PinValue.Low], _writes);
        Assert.Equal(PinMode.Output, _driver.ModeOf(Pin));
        Assert.False(relay.IsHeld);
    }

    [Fact]
    public async Task Hold_energises_the_coil_and_release_de_energises_it()
    {
        await using var relay = new GpioLockRelay("door-lock", Pin, _gpio);
        await relay.HoldAsync(CancellationToken.None);
        Assert.Equal(PinValue.High, _driver.WrittenValue(Pin));
        Assert.True(relay.IsHeld);

        await relay.ReleaseAsync(CancellationToken.None);
        Assert.Equal(PinValue.Low, _driver.WrittenValue(Pin));
        Assert.False(relay.IsHeld);
        Assert.Equal([PinValue.Low, PinValue.High, PinValue.Low], _writes);
    }

    [Fact]
    public async Task Dispose_releases_a_held_lock_and_closes_the_pin()
    {
        var relay = new GpioLockRelay("door-lock", Pin, _gpio);
        await relay.HoldAsync(CancellationToken.None);
        await relay.DisposeAsync();
        Assert.Equal([PinValue.Low, PinValue.High, PinValue.Low], _writes);
        Assert.DoesNotContain(Pin, _driver.OpenPins);
        Assert.False(relay.IsHeld);
    }

    [Fact]
    public async Task Active_low_board_starts_high_holds_low_and_is_released_high_on_dispose()
    {
        var relay = new GpioLockRelay("door-lock", Pin, _gpio, activeLow: true);
        Assert.Equal(PinValue.High, _driver.WrittenValue(Pin));
        await relay.HoldAsync(CancellationToken.None);
        Assert.Equal(PinValue.Low, _driver.WrittenValue(Pin));
        await relay.DisposeAsync();
        Assert.Equal([PinValue.High, PinValue.Low, PinValue.High], _writes);
    }

    [Fact]
    public async Task A_cancelled_hold_does_not_energise_but_a_cancelled_release_still_releases()
    {
        await using var relay = new GpioLockRelay("door-lock", Pin, _gpio);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => relay.HoldAsync(cancelled.Token));
        Assert.Equal([PinValue.Low], _writes);

        await relay.HoldAsync(CancellationToken.None);
        await relay.ReleaseAsync(cancelled.Token);
        Assert.Equal(PinValue.Low, _driver.WrittenValue(Pin));
    }

    [Fact]
    public async Task After_dispose_hold_is_refused_and_release_writes_nothing()
    {
        var relay = new GpioLockRelay("door-lock", Pin, _gpio);
        await relay.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => relay.HoldAsync(CancellationToken.None));
        await relay.ReleaseAsync(CancellationToken.None);
        await relay.DisposeAsync();
        Assert.Equal([PinValue.Low, PinValue.Low], _writes);
    }

    public void Dispose() => _gpio.Dispose();
}
