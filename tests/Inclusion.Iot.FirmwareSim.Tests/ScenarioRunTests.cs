using System.Globalization;
using Inclusion.Iot.Edge.Devices.Conventions;
using Inclusion.Iot.Testing;

namespace Inclusion.Iot.FirmwareSim.Tests;

/// <summary>The whole program (<see cref="SimApp"/>) playing scenarios against a broker.</summary>
public sealed class ScenarioRunTests(InProcessMqttBroker broker) : IClassFixture<InProcessMqttBroker>
{
    private string[] Args(params string[] mode) =>
    [
        "--mqtt-host", "127.0.0.1", "--mqtt-port", broker.Port.ToString(CultureInfo.InvariantCulture),
        "--room-config", RepositoryLayout.DemoRoomFile, "--badges", Paths.Scenario("badges.json"), .. mode,
    ];

    [Fact]
    public async Task A_scenario_plays_its_steps_in_order_and_exits_zero()
    {
        using var dir = new ScratchDirectory("sim-scenario");
        var file = dir.File("s.json");
        await File.WriteAllTextAsync(file,
            """
            {"name":"quick","steps":[
              {"at_ms":0,"action":"badge","badge":"olena"},
              {"delay_ms":100,"action":"badge","badge":"fox","device":"entry-reader"},
              {"action":"wait_for","topic":"tele/+/SENSOR","contains":"04110001","timeout_ms":5000},
              {"action":"occupancy","value":true},
              {"action":"raw","topic":"tele/sensory1-reader/SENSOR","payload":"garbage"},
              {"action":"wait_for","topic":"tele/sensory1-reader/SENSOR","contains":"garbage","timeout_ms":5000}
            ]}
            """);
        await using var probe = await Probe.ConnectAsync("127.0.0.1", broker.Port);
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = await SimApp.RunAsync(Args("run", file), TextReader.Null, stdout, stderr, CancellationToken.None);

        Assert.True(code == 0, stdout + "\n" + stderr);
        var reads = probe.Messages.Where(m => m.Topic == TasmotaTopics.Sensor("sensory1-reader")).Select(m => m.Payload).ToList();
        Assert.Contains("04A1B2C3", reads[0], StringComparison.Ordinal);
        Assert.Contains("04110001", reads[1], StringComparison.Ordinal);
        Assert.Equal("garbage", reads[2]);
        var text = stdout.ToString();
        Assert.Contains("step 0: badge 04A1B2C3 (olena) at entry-reader", text, StringComparison.Ordinal);
        Assert.Contains("step 3: occupancy true (presence)", text, StringComparison.Ordinal);
        Assert.Contains("Scenario 'quick' finished", text, StringComparison.Ordinal);
        // Leaving, the devices say so, as real ones would.
        await probe.WaitForAsync(TasmotaTopics.LastWill("sensory1-reader"), p => p == TasmotaTopics.Offline);
    }

    [Fact]
    public async Task A_wait_for_that_never_comes_fails_the_run_naming_the_step()
    {
        using var dir = new ScratchDirectory("sim-scenario");
        var file = dir.File("s.json");
        await File.WriteAllTextAsync(file, """{"steps":[{"action":"door","open":true},{"action":"wait_for","topic":"inclusion/+/state","contains":"session","timeout_ms":300}]}""");
        var stderr = new StringWriter();
        var code = await SimApp.RunAsync(Args("run", file), TextReader.Null, TextWriter.Null, stderr, CancellationToken.None);
        Assert.Equal(SimApp.ExitFailed, code);
        Assert.Contains("steps[1]: no message on 'inclusion/+/state' containing 'session' within 300 ms", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_with_stay_keeps_the_devices_until_cancelled()
    {
        using var dir = new ScratchDirectory("sim-scenario");
        var file = dir.File("s.json");
        await File.WriteAllTextAsync(file, """{"steps":[{"action":"occupancy","value":true}]}""");
        await using var probe = await Probe.ConnectAsync("127.0.0.1", broker.Port);
        using var stop = new CancellationTokenSource();
        var stdout = new StringWriter();
        var run = SimApp.RunAsync(Args("run", file, "--stay"), TextReader.Null, stdout, TextWriter.Null, stop.Token);
        await probe.WaitForAsync(Zigbee2MqttTopics.State("sensory1-presence"), p => p.Contains("\"occupancy\":true", StringComparison.Ordinal));
        await Task.Delay(300);
        Assert.False(run.IsCompleted);
        await probe.PublishAsync(Zigbee2MqttTopics.Set("sensory1-ceiling"), """{"state":"ON","brightness":10}""");
        await probe.WaitForAsync(Zigbee2MqttTopics.State("sensory1-ceiling"), p => p.Contains("\"brightness\":10", StringComparison.Ordinal));
        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_broker_that_is_not_there_is_a_clear_error()
    {
        var port = FreeTcpPort.Next();
        var stderr = new StringWriter();
        var code = await SimApp.RunAsync(
            ["--mqtt-host", "127.0.0.1", "--mqtt-port", port.ToString(CultureInfo.InvariantCulture), "--room-config", RepositoryLayout.DemoRoomFile, "interactive"],
            new StringReader("quit\n"), TextWriter.Null, stderr, CancellationToken.None);
        Assert.Equal(SimApp.ExitFailed, code);
        Assert.Contains($"127.0.0.1:{port}", stderr.ToString(), StringComparison.Ordinal);
    }
}
