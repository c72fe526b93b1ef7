using System.Device.Gpio;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Edge.Devices.Simulation;
using Inclusion.Iot.Edge.Devices.Ws2812b;
using Inclusion.Iot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Inclusion.Iot.Edge.Worker.Tests;

/// <summary>
/// deploy/rooms/gpio-room.json run by the edge on the simulated twins of its wired devices (<c>Edge:Hardware=simulated</c>):
/// the room file opens every driver family, and the room works through them as through MQTT devices.
/// </summary>
public sealed class WiredRoomTests : IAsyncLifetime
{
    private static readonly string GpioRoom = Path.Combine(RepositoryLayout.Root, "deploy", "rooms", "gpio-room.json");
    private readonly ScratchDirectory _scratch = new("edge-wired-room");
    private FakeEdgeGateway _server = null!;

    public async Task InitializeAsync() => _server = await FakeEdgeGateway.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _scratch.Dispose();
    }

    [Fact]
    public async Task Cards_on_the_mfrc522_start_a_session_and_the_pca9685_ring_and_digits_follow()
    {
        await using var edge = new EdgeHarness(_scratch.CreateSubdirectory("data"), FreeTcpPort.Next(), _server.Url, extraArgs: [$"--Edge:RoomConfigPath={GpioRoom}", "--Edge:Hardware=simulated"]);
        await edge.StartAsync();
        var hardware = edge.Services.GetRequiredService<SimulatedRoomHardware>();
        await EdgeHarness.Until(async () => (await edge.StateAsync()).GetProperty("configurationVersion").GetInt64() == 3, "the configuration snapshot");

        var reader = hardware.Twin<SimulatedMfrc522>("entry-reader");
        reader.PresentCard(Convert.FromHexString("04A1B2C3"));
        await edge.WaitForStateAsync("escort_present");
        reader.RemoveCard();
        reader.PresentCard(Convert.FromHexString("04110001"));
        await edge.WaitForStateAsync("session");

        // Fox's scene: the strip fades up on the PCA9685's two white channels; the ring and the digits count down.
        var board = hardware.Twin<SimulatedPca9685>("ceiling-strip");
        await EdgeHarness.Until(() => Task.FromResult(board.DutyCycle(0) + board.DutyCycle(1) > 0.2), "the strip's fade on the PCA9685");
        var ring = hardware.Twin<SimulatedWs2812b>("wall-ring");
        await EdgeHarness.Until(() => Task.FromResult(ring.Frames.Count > 0 && Lit(ring) == 24), "the full ring at the session start");
        var digits = hardware.Twin<SimulatedTm1637>("wall-digits");
        Assert.True(digits.DisplayOn);
        Assert.Empty(digits.Faults);
        Assert.Contains(digits.Segments, segment => segment != 0);
    }

    [Fact]
    public async Task Door_and_fire_alarm_pins_are_recorded_and_the_lock_relay_is_released_on_shutdown()
    {
        var edge = new EdgeHarness(_scratch.CreateSubdirectory("data"), FreeTcpPort.Next(), _server.Url, extraArgs: [$"--Edge:RoomConfigPath={GpioRoom}", "--Edge:Hardware=simulated"]);
        await edge.StartAsync();
        var gpio = edge.Services.GetRequiredService<SimulatedRoomHardware>().Buses.GpioDriver;

        gpio.Drive(27, PinValue.High);
        await EdgeHarness.Until(() => Task.FromResult(_server.Stored.Any(e => e.DoorChanged is { Device: "door", Open: true })), "the door opening on the server");
        gpio.Drive(22, PinValue.High);
        await EdgeHarness.Until(() => Task.FromResult(_server.Stored.Any(e => e.FireAlarmChanged is { Device: "fire-alarm", Active: true })), "the fire alarm on the server");
        Assert.Equal(PinMode.Output, gpio.ModeOf(23));
        Assert.Equal(PinValue.Low, gpio.WrittenValue(23));

        await edge.DisposeAsync();
        Assert.Equal(PinValue.Low, gpio.WrittenValue(23));
        Assert.DoesNotContain(23, gpio.OpenPins);
    }

    private static int Lit(SimulatedWs2812b ring) =>
        Ws2812bSignal.Decode(ring.Frames[^1], 24, Ws2812bSpi.ClockHz).Count(c => c.R + c.G + c.B > 0);
}
