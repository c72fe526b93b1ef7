using System.Text.RegularExpressions;
using Inclusion.Iot.Edge.Devices.Conventions;
using Inclusion.Iot.FirmwareSim.Configuration;
using Inclusion.Iot.FirmwareSim.Devices;
using Inclusion.Iot.FirmwareSim.Scenarios;
using Inclusion.Iot.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Inclusion.Iot.FirmwareSim.Tests;

/// <summary>
/// The presence sensor that flaps and the battery sensor that goes stale, played on a fake scenario clock against the
/// in-process broker: every payload is checked in order, and its time by advancing to 1 ms before it (nothing yet),
/// then to its instant (it arrives).
/// </summary>
public sealed partial class FlappingAndStaleScenarioTests(InProcessMqttBroker broker) : IClassFixture<InProcessMqttBroker>
{
    private static readonly string PresenceTopic = Zigbee2MqttTopics.State("sensory1-presence");
    private static readonly string DoorTopic = Zigbee2MqttTopics.State("sensory1-door");
    private static readonly string DoorAvailability = Zigbee2MqttTopics.Availability("sensory1-door");
    private static readonly string PresenceAvailability = Zigbee2MqttTopics.Availability("sensory1-presence");

    [GeneratedRegex("\"linkquality\":1[1-4][0-9]")]
    private static partial Regex LinkQuality();

    /// <summary>Link quality varies from message to message (110..149); the rest of the payload is exact.</summary>
    private static string Normalised(string payload) => LinkQuality().Replace(payload, "\"linkquality\":LQ");

    private sealed class Run : IAsyncDisposable
    {
        public required FakeTimeProvider Clock { get; init; }
        public required Simulator Sim { get; init; }
        public required Probe Probe { get; init; }
        public required CapturedOutput Output { get; init; }
        public required Task Playing { get; init; }
        public required DateTimeOffset Start { get; init; }

        public List<string> On(string topic) => [.. Probe.Messages.Where(m => m.Topic == topic).Select(m => m.Payload)];

        /// <summary>Advances the scenario clock to <paramref name="ms"/> after its start.</summary>
        public void AdvanceTo(long ms)
        {
            var target = Start + TimeSpan.FromMilliseconds(ms);
            if (target > Clock.GetUtcNow()) Clock.Advance(target - Clock.GetUtcNow());
        }

        /// <summary>Nothing new on <paramref name="topic"/> 1 ms before <paramref name="ms"/>, then exactly one new message at it.</summary>
        public async Task<string> NextAtAsync(string topic, long ms)
        {
            var before = On(topic).Count;
            AdvanceTo(ms - 1);
            await Task.Delay(150);
            Assert.True(On(topic).Count == before, $"a message on {topic} before {ms} ms: {string.Join(" | ", On(topic).Skip(before))}");
            AdvanceTo(ms);
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while (On(topic).Count == before)
            {
                Assert.True(DateTime.UtcNow < deadline, $"no message on {topic} at {ms} ms. Output:\n{Output.Text}");
                await Task.Delay(10);
            }

            var now = On(topic);
            Assert.Equal(before + 1, now.Count);
            return now[^1];
        }

        public async ValueTask DisposeAsync()
        {
            await Sim.StopAsync(CancellationToken.None);
            await Sim.DisposeAsync();
            await Probe.DisposeAsync();
        }
    }

    private async Task<Run> StartAsync(Scenario scenario)
    {
        var room = RoomConfig.Load(RepositoryLayout.DemoRoomFile);
        var badges = BadgeBook.Load(Paths.Scenario("badges.json"));
        scenario.Validate(room, badges, scenario.Name);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        var output = new CapturedOutput();
        var probe = await Probe.ConnectAsync("127.0.0.1", broker.Port);
        var sim = new Simulator(room, badges, new MqttSettings("127.0.0.1", broker.Port) { ConnectTimeout = TimeSpan.FromSeconds(5) }, output.Output, clock);
        await sim.StartAsync(scenario.WatchTopics, CancellationToken.None);
        // Start-up announcements: availability online and one state from each sensor.
        await probe.WaitForAsync(PresenceTopic);
        await probe.WaitForAsync(DoorTopic);
        var start = clock.GetUtcNow();
        var playing = new ScenarioRunner(sim, output.Output).RunAsync(scenario, CancellationToken.None);
        return new Run { Clock = clock, Sim = sim, Probe = probe, Output = output, Playing = playing, Start = start };
    }

    [Fact]
    public async Task Presence_flap_alternates_Zigbee2MQTT_2_presence_payloads_at_its_interval_on_the_scenario_clock()
    {
        var scenario = Scenario.Parse(
            """{"name":"flap","steps":[{"at_ms":1000,"action":"presence_flap","device":"presence","interval_ms":2500,"count":4}]}""");
        await using var run = await StartAsync(scenario);
        var startup = run.On(PresenceTopic).Count;

        string[] expected =
        [
            """{"presence":true,"illuminance":180,"target_distance":1.6,"battery":97,"linkquality":LQ}""",
            """{"presence":false,"illuminance":175,"target_distance":0,"battery":97,"linkquality":LQ}""",
            """{"presence":true,"illuminance":180,"target_distance":1.6,"battery":97,"linkquality":LQ}""",
            """{"presence":false,"illuminance":175,"target_distance":0,"battery":97,"linkquality":LQ}""",
        ];
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], Normalised(await run.NextAtAsync(PresenceTopic, 1000 + (2500 * i))));
        }

        await run.Playing.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(startup + 4, run.On(PresenceTopic).Count);
        Assert.DoesNotContain(run.On(PresenceTopic).Skip(startup), p => p.Contains("occupancy", StringComparison.Ordinal));
        Assert.DoesNotContain(run.On(PresenceTopic).Skip(startup), p => p.Contains("illuminance_lux", StringComparison.Ordinal));
        var text = run.Output.Text;
        Assert.Contains("[  1.00 s] step 0: presence flapping 4 times every 2500 ms, starting true (presence)", text, StringComparison.Ordinal);
        Assert.Contains("[presence] presence false (nobody seen)", text, StringComparison.Ordinal);
        Assert.Contains("Scenario 'flap' finished", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Presence_flap_can_start_not_present_and_the_next_step_waits_for_its_last_report()
    {
        var scenario = Scenario.Parse(
            """{"steps":[{"at_ms":200,"action":"presence_flap","interval_ms":400,"first":false,"count":2},{"delay_ms":100,"action":"door","open":true}]}""");
        await using var run = await StartAsync(scenario);

        Assert.StartsWith("""{"presence":false""", await run.NextAtAsync(PresenceTopic, 200), StringComparison.Ordinal);
        Assert.StartsWith("""{"presence":true""", await run.NextAtAsync(PresenceTopic, 600), StringComparison.Ordinal);
        // delay_ms counts from the end of the flap (its last report at 600 ms).
        await Task.Delay(100); // let the runner reach its delay before the clock moves
        Assert.Equal("""{"contact":false,"battery":91,"linkquality":LQ}""", Normalised(await run.NextAtAsync(DoorTopic, 700)));
        await run.Playing.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Stale_battery_sensor_reports_its_low_battery_once_then_sends_nothing_not_even_availability()
    {
        var scenario = Scenario.Load(Paths.Scenario("stale-battery.json"));
        await using var run = await StartAsync(scenario);
        var doorAvailability = run.On(DoorAvailability).Count;

        Assert.Equal("""{"contact":false,"battery":91,"linkquality":LQ}""", Normalised(await run.NextAtAsync(DoorTopic, 500)));
        Assert.Equal("""{"contact":true,"battery":91,"linkquality":LQ}""", Normalised(await run.NextAtAsync(DoorTopic, 1000)));
        Assert.Equal("""{"contact":true,"battery":12,"linkquality":LQ}""", Normalised(await run.NextAtAsync(DoorTopic, 2000)));
        var doorReports = run.On(DoorTopic).Count;

        // The door opens at 4 s, but the dead sensor says nothing; the presence sensor carries on at 5 s and 8 s.
        Assert.StartsWith("""{"occupancy":true""", await run.NextAtAsync(PresenceTopic, 5000), StringComparison.Ordinal);
        Assert.StartsWith("""{"occupancy":false""", await run.NextAtAsync(PresenceTopic, 8000), StringComparison.Ordinal);
        await run.Playing.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(doorReports, run.On(DoorTopic).Count);
        Assert.Contains("[door] is silent (stale); the report is not sent", run.Output.Text, StringComparison.Ordinal);
        Assert.Contains("[door] battery 12 %, then silent", run.Output.Text, StringComparison.Ordinal);
        Assert.True(run.Sim.Device<BatterySensor>("door", null).Silent);

        // Even leaving, a dead sensor says nothing; the live one announces itself offline as usual.
        await run.Sim.StopAsync(CancellationToken.None);
        await run.Probe.WaitForAsync(PresenceAvailability, p => p.Contains("offline", StringComparison.Ordinal));
        Assert.Equal(doorAvailability, run.On(DoorAvailability).Count);
        Assert.DoesNotContain(run.On(DoorAvailability), p => p.Contains("offline", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_shipped_flapping_presence_scenario_flaps_six_times_two_seconds_apart()
    {
        var scenario = Scenario.Load(Paths.Scenario("flapping-presence.json"));
        await using var run = await StartAsync(scenario);

        Assert.StartsWith("""{"presence":true""", await run.NextAtAsync(PresenceTopic, 1000), StringComparison.Ordinal);
        for (var i = 0; i < 6; i++)
        {
            var expected = i % 2 == 0 ? """{"presence":true""" : """{"presence":false""";
            Assert.StartsWith(expected, await run.NextAtAsync(PresenceTopic, 3000 + (2000 * i)), StringComparison.Ordinal);
        }

        Assert.StartsWith("""{"presence":true""", await run.NextAtAsync(PresenceTopic, 15000), StringComparison.Ordinal);
        Assert.StartsWith("""{"presence":false""", await run.NextAtAsync(PresenceTopic, 17000), StringComparison.Ordinal);
        run.AdvanceTo(18000);
        await run.Playing.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData("""{"steps":[{"action":"presence_flap","interval_ms":1000}]}""", "steps[0].count")]
    [InlineData("""{"steps":[{"action":"presence_flap","count":3}]}""", "steps[0].interval_ms")]
    [InlineData("""{"steps":[{"action":"presence_flap","count":0,"interval_ms":1000}]}""", "steps[0].count")]
    [InlineData("""{"steps":[{"action":"presence_flap","count":2,"interval_ms":1000,"first":"yes"}]}""", "steps[0].first")]
    [InlineData("""{"steps":[{"action":"presence_flap","count":2,"interval_ms":1000,"value":true}]}""", "steps[0].value")]
    [InlineData("""{"steps":[{"action":"battery_stale","battery":10}]}""", "steps[0].device")]
    [InlineData("""{"steps":[{"action":"battery_stale","device":"door"}]}""", "steps[0].battery")]
    [InlineData("""{"steps":[{"action":"battery_stale","device":"door","battery":101}]}""", "steps[0].battery")]
    [InlineData("""{"steps":[{"action":"battery_stale","device":"door","battery":-1}]}""", "steps[0].battery")]
    [InlineData("""{"steps":[{"action":"battery_stale","device":"door","battery":12.5}]}""", "steps[0].battery")]
    public void Malformed_flap_and_stale_steps_are_refused_naming_the_key(string json, string key)
    {
        var e = Assert.Throws<ConfigurationException>(() => Scenario.Parse(json, "bad.json"));
        Assert.Contains(key + ":", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"steps":[{"action":"battery_stale","device":"entry-reader","battery":10}]}""", "entry-reader")]
    [InlineData("""{"steps":[{"action":"presence_flap","device":"door","count":2,"interval_ms":10}]}""", "door")]
    public void Flap_and_stale_steps_on_a_device_that_cannot_do_them_are_refused_before_anything_runs(string json, string device)
    {
        var scenario = Scenario.Parse(json, "names.json");
        var room = RoomConfig.Load(RepositoryLayout.DemoRoomFile);
        var e = Assert.Throws<ConfigurationException>(() => scenario.Validate(room, BadgeBook.Empty, "names.json"));
        Assert.Contains("steps[0].device:", e.Message, StringComparison.Ordinal);
        Assert.Contains(device, e.Message, StringComparison.Ordinal);
    }
}
