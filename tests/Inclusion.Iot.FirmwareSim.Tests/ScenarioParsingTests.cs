using Inclusion.Iot.FirmwareSim.Configuration;
using Inclusion.Iot.FirmwareSim.Scenarios;
using Inclusion.Iot.Testing;

namespace Inclusion.Iot.FirmwareSim.Tests;

public sealed class ScenarioParsingTests
{
    private static readonly RoomConfig Room = RoomConfig.Load(RepositoryLayout.DemoRoomFile);
    private static readonly BadgeBook Badges = BadgeBook.Load(Paths.Scenario("badges.json"));

    [Theory]
    [InlineData("demo.json")]
    [InlineData("pupil-alone.json")]
    [InlineData("garbage-reader.json")]
    [InlineData("sensor-offline.json")]
    [InlineData("flapping-presence.json")]
    [InlineData("stale-battery.json")]
    [InlineData("fire-alarm.json")]
    public void Shipped_scenarios_parse_and_validate_against_the_demo_room(string file)
    {
        var path = Paths.Scenario(file);
        var scenario = Scenario.Load(path);
        scenario.Validate(Room, Badges, path);
        Assert.NotEmpty(scenario.Steps);
        Assert.True(LastMs(scenario) < 20_000, "every shipped scenario is shorter than 20 s");
    }

    [Theory]
    [InlineData("rules-capacity.json")]
    [InlineData("rules-week.json")]
    [InlineData("out-of-schedule.json")]
    [InlineData("escorted-visits.json")]
    public void The_room_rules_scenarios_parse_validate_and_wait_for_the_edge_between_visits(string file)
    {
        var path = Paths.Scenario(file);
        var scenario = Scenario.Load(path);
        scenario.Validate(Room, Badges, path);
        Assert.False(string.IsNullOrWhiteSpace(scenario.Description));
        // The holds and pauses, not counting the waits for the edge's events: each scenario plays in under 45 s.
        Assert.True(LastMs(scenario) < 45_000, $"{file} plays in under 45 s");
        Assert.All(scenario.WatchTopics, topic => Assert.StartsWith("inclusion/+/event/", topic, StringComparison.Ordinal));
    }

    [Fact]
    public void The_capacity_scenario_brings_nine_pupils_about_a_second_apart_within_the_arrival_window()
    {
        var scenario = Scenario.Load(Paths.Scenario("rules-capacity.json"));
        var pupils = scenario.Steps.Where(s => s.Action == StepAction.Badge).Skip(1).SkipLast(1).ToList();
        Assert.Equal(
            ["04110001", "04110002", "04110003", "04110006", "04110007", "04110008", "04110009", "0411000A", "0411000B"],
            pupils.Select(s => Badges.Resolve(s.Badge!).Uid));
        // Each admitted pupil reopens the 5 s admit window; all of them within the 30 s arrival window of the first.
        Assert.All(pupils.Zip(pupils.Skip(1)), pair => Assert.InRange(pair.Second.AtMs!.Value - pair.First.AtMs!.Value, 500, 2000));
        Assert.InRange(pupils[^1].AtMs!.Value - pupils[0].AtMs!.Value, 0, 20_000);
    }

    [Fact]
    public void The_demo_is_an_individual_session_for_Fox_then_a_group_session_for_Owl_and_Bee()
    {
        var demo = Scenario.Load(Paths.Scenario("demo.json"));
        var badges = demo.Steps.Where(s => s.Action == StepAction.Badge).ToList();
        Assert.Equal(
            ["04A1B2C3", "04110001", "04A1B2C3", "04A1B2C3", "04110002", "04110003", "04A1B2C3"],
            badges.Select(s => Badges.Resolve(s.Badge!).Uid));
        Assert.InRange(badges[1].AtMs!.Value - badges[0].AtMs!.Value, 500, 4000);
        Assert.InRange(badges[2].AtMs!.Value - badges[1].AtMs!.Value, 6000, 10_000);
        // Both pupils of the group within one escort window of 5 s.
        Assert.InRange(badges[5].AtMs!.Value - badges[3].AtMs!.Value, 500, 4000);
        Assert.Contains(demo.Steps, s => s.Action == StepAction.Occupancy && s.Value == true);
        Assert.Contains(demo.Steps, s => s.Action == StepAction.Door && s.Open == true);
        Assert.Contains(demo.Steps, s => s.Action == StepAction.Door && s.Open == false);
        Assert.Equal(StepAction.Occupancy, demo.Steps[^1].Action);
        Assert.False(demo.Steps[^1].Value);
    }

    [Fact]
    public void Every_step_kind_parses_with_its_keys()
    {
        var scenario = Scenario.Parse(
            """
            {"name":"all","steps":[
              {"at_ms":100,"action":"badge","badge":"04:a1:b2:c3","device":"entry-reader"},
              {"delay_ms":50,"action":"occupancy","value":true},
              {"action":"door","open":false,"device":"door"},
              {"action":"offline","device":"presence"},
              {"action":"online","device":"presence"},
              {"action":"raw","topic":"tele/x/SENSOR","payload":{"a":1},"retain":true},
              {"action":"raw","topic":"tele/x/SENSOR","payload":"text"},
              {"action":"wait_for","topic":"zigbee2mqtt/+","contains":"ON","timeout_ms":500}
            ]}
            """);
        Assert.Equal("all", scenario.Name);
        Assert.Equal(8, scenario.Steps.Count);
        Assert.Equal(100, scenario.Steps[0].AtMs);
        Assert.Equal(50, scenario.Steps[1].DelayMs);
        Assert.Equal("""{"a":1}""", scenario.Steps[5].Payload);
        Assert.True(scenario.Steps[5].Retain);
        Assert.Equal("text", scenario.Steps[6].Payload);
        Assert.Equal(500, scenario.Steps[7].TimeoutMs);
        Assert.Equal(["zigbee2mqtt/+"], scenario.WatchTopics);
        scenario.Validate(Room, Badges, "all.json");
    }

    [Theory]
    [InlineData("""[]""", "(root)")]
    [InlineData("""{"name":"x"}""", "steps")]
    [InlineData("""{"steps":[]}""", "steps")]
    [InlineData("""{"steps":[{"at_ms":1}]}""", "steps[0].action")]
    [InlineData("""{"steps":[{"action":"dance"}]}""", "steps[0].action")]
    [InlineData("""{"steps":[{"action":"badge"}]}""", "steps[0].badge")]
    [InlineData("""{"steps":[{"action":"occupancy","value":"yes"}]}""", "steps[0].value")]
    [InlineData("""{"steps":[{"action":"door"}]}""", "steps[0].open")]
    [InlineData("""{"steps":[{"action":"door","open":true},{"action":"offline"}]}""", "steps[1].device")]
    [InlineData("""{"steps":[{"action":"raw","topic":"a/#","payload":"x"}]}""", "steps[0].topic")]
    [InlineData("""{"steps":[{"action":"raw","topic":"a/b"}]}""", "steps[0].payload")]
    [InlineData("""{"steps":[{"action":"wait_for","topic":"a/#/b"}]}""", "steps[0].topic")]
    [InlineData("""{"steps":[{"action":"wait_for","topic":"a","timeout_ms":0}]}""", "steps[0].timeout_ms")]
    [InlineData("""{"steps":[{"action":"door","open":true,"at_ms":-5}]}""", "steps[0].at_ms")]
    [InlineData("""{"steps":[{"action":"door","open":true,"delay_ms":1.5}]}""", "steps[0].delay_ms")]
    [InlineData("""{"steps":[{"action":"door","open":true,"at_ms":5,"delay_ms":5}]}""", "steps[0].at_ms")]
    [InlineData("""{"steps":[{"action":"door","open":true,"at_ms":500},{"action":"door","open":false,"at_ms":100}]}""", "steps[1].at_ms")]
    [InlineData("""{"steps":[{"action":"door","open":true,"badge":"fox"}]}""", "steps[0].badge")]
    public void Malformed_scenarios_are_refused_naming_the_step_and_key(string json, string key)
    {
        var e = Assert.Throws<ConfigurationException>(() => Scenario.Parse(json, "bad.json"));
        Assert.Contains("bad.json", e.Message, StringComparison.Ordinal);
        Assert.Contains(key + ":", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_json_is_refused_with_the_file_name()
    {
        var e = Assert.Throws<ConfigurationException>(() => Scenario.Parse("{\"steps\": [", "broken.json"));
        Assert.Contains("broken.json", e.Message, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"steps":[{"action":"badge","badge":"nobody"}]}""", "steps[0].badge", "nobody")]
    [InlineData("""{"steps":[{"action":"door","open":true},{"action":"badge","badge":"fox","device":"door"}]}""", "steps[1].device", "door")]
    [InlineData("""{"steps":[{"action":"offline","device":"toaster"}]}""", "steps[0].device", "toaster")]
    public void Names_that_the_room_or_the_badges_do_not_know_are_refused_before_anything_runs(string json, string key, string name)
    {
        var scenario = Scenario.Parse(json, "names.json");
        var e = Assert.Throws<ConfigurationException>(() => scenario.Validate(Room, Badges, "names.json"));
        Assert.Contains(key + ":", e.Message, StringComparison.Ordinal);
        Assert.Contains(name, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_badge_name_without_a_badges_file_is_refused_but_a_uid_is_fine()
    {
        var byName = Scenario.Parse("""{"steps":[{"action":"badge","badge":"fox"}]}""");
        var e = Assert.Throws<ConfigurationException>(() => byName.Validate(Room, BadgeBook.Empty, "x.json"));
        Assert.Contains("--badges", e.Message, StringComparison.Ordinal);
        Scenario.Parse("""{"steps":[{"action":"badge","badge":"04110001"}]}""").Validate(Room, BadgeBook.Empty, "x.json");
    }

    private static long LastMs(Scenario scenario)
    {
        long t = 0;
        foreach (var s in scenario.Steps) t = s.AtMs ?? t + (s.DelayMs ?? 0);
        return t;
    }
}
