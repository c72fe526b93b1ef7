using System.Device.Gpio;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Edge.Devices.Inputs;
using Inclusion.Iot.Edge.Devices.Simulation;
using Inclusion.Iot.Edge.Devices.Ws2812b;
using Inclusion.Iot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Inclusion.Iot.Edge.Worker.Tests;

/// <summary>
/// deploy/rooms/gpio-room.json run by the edge on the simulated twins of its wired devices (<c>Edge:Hardware=simulated</c>):
/// the room file opens every driver family, and the room works through them as through MQTT devices.
/// </summary>
public sealed class WiredRoomTests() : EdgeHostTests("edge-wired-room")
{
    private static readonly string GpioRoom = Path.Combine(RepositoryLayout.Root, "deploy", "rooms", "gpio-room.json");

    [Fact]
    public async Task Cards_on_the_mfrc522_start_a_session_and_the_pca9685_ring_and_digits_follow()
    {
        await using var edge = await StartWiredEdgeAsync();
        var hardware = edge.Services.GetRequiredService<SimulatedRoomHardware>();
        var reader = await EscortBadgesInAsync(edge, hardware);

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
        var edge = await StartWiredEdgeAsync();
        var gpio = edge.Services.GetRequiredService<SimulatedRoomHardware>().Buses.GpioDriver;

        gpio.Drive(27, PinValue.High);
        await EdgeHarness.Until(() => Task.FromResult(Server.Stored.Any(e => e.DoorChanged is { Device: "door", Open: true })), "the door opening on the server");
        gpio.Drive(22, PinValue.High);
        await EdgeHarness.Until(() => Task.FromResult(Server.Stored.Any(e => e.FireAlarmChanged is { Device: "fire-alarm", Active: true })), "the fire alarm on the server");
        Assert.Equal(PinMode.Output, gpio.ModeOf(23));
        Assert.Equal(PinValue.Low, gpio.WrittenValue(23));

        await edge.DisposeAsync();
        Assert.Equal(PinValue.Low, gpio.WrittenValue(23));
        Assert.DoesNotContain(23, gpio.OpenPins);
    }

    [Fact]
    public async Task A_later_input_waits_while_an_earlier_decision_is_still_acting_so_events_go_out_in_recorded_order()
    {
        await using var edge = await StartWiredEdgeAsync();
        var hardware = edge.Services.GetRequiredService<SimulatedRoomHardware>();
        var reader = await EscortBadgesInAsync(edge, hardware);

        // The session's effects stall on the TM1637 (its clock pin, GPIO5) until the test lets them go on.
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var armed = 1;
        hardware.Buses.GpioDriver.PinWritten += (pin, _) =>
        {
            if (pin != 5 || Interlocked.Exchange(ref armed, 0) == 0) return;
            entered.Set();
            release.Wait(TimeSpan.FromSeconds(30));
        };
        reader.PresentCard(Convert.FromHexString("04110001"));
        Assert.True(await Task.Run(() => entered.Wait(TimeSpan.FromSeconds(15))), "the session decision reached its effects");

        // A door report arrives meanwhile, from a wired input's own thread. Barrier: once ReportAsync has returned, the
        // report is in the room's queue; the session's decision still holds the queue (stalled on the pin above), so the
        // door must not have been decided yet, however long anything took.
        var handedOver = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var door = Task.Run(async () =>
        {
            var report = edge.Room.ReportAsync(new DoorInput("door", true), CancellationToken.None);
            handedOver.SetResult();
            await report;
        });
        await handedOver.Task;
        Assert.False(door.IsCompleted, "the door was decided while the session's effects were still going out");
        release.Set();
        await door;
        await EdgeHarness.Until(() => Task.FromResult(edge.Messages.Any(m => m.Topic.EndsWith("/event/door_changed", StringComparison.Ordinal) && m.Payload.Contains("\"open\":true", StringComparison.Ordinal))), "the door opening on MQTT");
        await EdgeHarness.Until(() => Task.FromResult(Server.Stored.Count(e => e.DoorChanged is not null) == 2), "the door opening on the server");

        var recorded = Server.Stored.Where(e => e.BodyCase != EdgeEvent.BodyOneofCase.EdgeStarted).Select(Sync.EventMapper.Kind).ToList();
        var published = edge.Messages.Where(m => m.Topic.StartsWith("inclusion/room-sensory-2/event/", StringComparison.Ordinal)).Select(m => m.Topic[(m.Topic.LastIndexOf('/') + 1)..]).ToList();
        // The contact's first level at start (closed), then the escort, the pupil's session, and the door opening after it.
        Assert.Equal(["door_changed", "badge_accepted", "badge_accepted", "session_started", "timer_phase_changed", "door_changed"], recorded.Where(k => k is "badge_accepted" or "session_started" or "timer_phase_changed" or "door_changed"));
        // The test's subscriber may have joined after the contact's first report; from the escort's badge on it saw everything.
        var fromEscort = recorded.IndexOf("badge_accepted");
        Assert.Equal(recorded[fromEscort..], published[published.IndexOf("badge_accepted")..]);
    }

    private async Task<EdgeHarness> StartWiredEdgeAsync()
    {
        var edge = new EdgeHarness(Scratch.CreateSubdirectory("data"), FreeTcpPort.Next(), Server.Url, extraArgs: [$"--Edge:RoomConfigPath={GpioRoom}", "--Edge:Hardware=simulated"]);
        await edge.StartAsync();
        return edge;
    }

    /// <summary>Once the configuration is there, Olena's card at the MFRC522 makes her the escort present; the card is then taken away.</summary>
    private static async Task<SimulatedMfrc522> EscortBadgesInAsync(EdgeHarness edge, SimulatedRoomHardware hardware)
    {
        await EdgeHarness.Until(async () => (await edge.StateAsync()).GetProperty("configurationVersion").GetInt64() == 3, "the configuration snapshot");
        // A second past start-up's idle scene, so the session's scene is not held by the lights' one change a second.
        await edge.AdvanceAsync(TimeSpan.FromSeconds(1));
        var reader = hardware.Twin<SimulatedMfrc522>("entry-reader");
        reader.PresentCard(Convert.FromHexString("04A1B2C3"));
        await edge.WaitForStateAsync("escort_present");
        reader.RemoveCard();
        return reader;
    }

    private static int Lit(SimulatedWs2812b ring) =>
        Ws2812bSignal.Decode(ring.Frames[^1], 24, Ws2812bSpi.ClockHz).Count(c => c.R + c.G + c.B > 0);
}
