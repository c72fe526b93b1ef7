using Inclusion.Iot.FirmwareSim.Configuration;
using Inclusion.Iot.Testing;

namespace Inclusion.Iot.FirmwareSim.Tests;

public sealed class ConfigurationTests
{
    [Fact]
    public void The_demo_room_file_gives_eight_simulated_devices()
    {
        var room = RoomConfig.Load(RepositoryLayout.DemoRoomFile);
        Assert.Equal("room-sensory-1", room.RoomId);
        Assert.Equal(
            ["ceiling-light", "mood-light", "presence", "door", "entry-reader", "wall-timer", "fire-alarm", "door-lock"],
            room.Devices.Select(d => d.Name));
        Assert.Equal("sensory1-reader", room.Devices.Single(d => d.Role == DeviceRoles.EntryReader).Topic);
    }

    [Theory]
    [InlineData("""{"roomId":"r","devices":[]}""", "schemaVersion")]
    [InlineData("""{"schemaVersion":3,"roomId":"r","devices":[]}""", "schemaVersion")]
    [InlineData("""{"schemaVersion":1,"devices":[]}""", "roomId")]
    [InlineData("""{"schemaVersion":1,"roomId":"a/b","devices":[]}""", "roomId")]
    [InlineData("""{"schemaVersion":1,"roomId":"r"}""", "devices")]
    [InlineData("""{"schemaVersion":1,"roomId":"r","devices":[{"role":"lighting","driver":"zigbee2mqtt"}]}""", "devices[0].name")]
    [InlineData("""{"schemaVersion":1,"roomId":"r","devices":[{"name":"a","role":"lamp","driver":"zigbee2mqtt"}]}""", "devices[0].role")]
    [InlineData("""{"schemaVersion":1,"roomId":"r","devices":[{"name":"a","role":"lighting","driver":"x10"}]}""", "devices[0].driver")]
    [InlineData("""{"schemaVersion":1,"roomId":"r","devices":[{"name":"a","role":"lighting","driver":"tasmota"}]}""", "devices[0].driver")]
    [InlineData("""{"schemaVersion":1,"roomId":"r","devices":[{"name":"a","role":"timer","driver":"inclusion"},{"name":"a","role":"timer","driver":"inclusion"}]}""", "devices[1].name")]
    [InlineData("""{"schemaVersion":2,"roomId":"r","devices":[{"name":"pir","role":"occupancy","driver":"gpio","pin":40}]}""", "devices[0].pin")]
    [InlineData("""{"schemaVersion":1,"roomId":"r","devices":[{"name":"a","role":"timer","driver":"inclusion","topic":"x/#"}]}""", "devices[0].topic")]
    public void A_bad_room_file_is_refused_naming_the_key(string json, string key)
    {
        var e = Assert.Throws<ConfigurationException>(() => RoomConfig.Parse(json, "room.json"));
        Assert.Contains("room.json': " + key + ":", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Devices_not_on_mqtt_are_noted_and_skipped()
    {
        var room = RoomConfig.Parse("""{"schemaVersion":2,"roomId":"r","devices":[{"name":"pir","role":"occupancy","driver":"gpio","pin":4},{"name":"t","role":"timer","driver":"inclusion"}]}""");
        Assert.Equal(["t"], room.Devices.Select(d => d.Name));
        Assert.Contains("devices[0]", Assert.Single(room.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_names_the_path()
    {
        var e = Assert.Throws<ConfigurationException>(() => RoomConfig.Load("/nonexistent/room.json"));
        Assert.Contains("/nonexistent/room.json", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("olena", "04A1B2C3", "olena")]
    [InlineData("OLENA", "04A1B2C3", "olena")]
    [InlineData("ol", "04A1B2C3", "olena")]
    [InlineData("Fox", "04110001", "fox")]
    [InlineData("wh", "04110004", "whale")]
    [InlineData("04110002", "04110002", "owl")]
    [InlineData("04:11:00:03", "04110003", "bee")]
    [InlineData("04a1b2c3", "04A1B2C3", "olena")]
    [InlineData("04-99-88-77-66-55-44", "04998877665544", null)]
    public void Badges_resolve_by_name_prefix_or_uid(string input, string uid, string? name)
    {
        var badges = BadgeBook.Load(Paths.Scenario("badges.json"));
        Assert.Equal(new Badge(uid, name), badges.Resolve(input));
    }

    [Fact]
    public void An_ambiguous_prefix_or_unknown_name_is_a_clear_error()
    {
        var badges = BadgeBook.Parse("""{"olena":"04A1B2C3","oleg":"04000001"}""");
        Assert.Contains("olena, oleg", Assert.Throws<ArgumentException>(() => badges.Resolve("ole")).Message, StringComparison.Ordinal);
        Assert.Contains("'nobody'", Assert.Throws<ArgumentException>(() => badges.Resolve("nobody")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""["04A1B2C3"]""", "(root)")]
    [InlineData("""{"x":1}""", "x")]
    [InlineData("""{"x":"hello"}""", "x")]
    public void A_bad_badges_file_is_refused_naming_the_entry(string json, string key)
    {
        var e = Assert.Throws<ConfigurationException>(() => BadgeBook.Parse(json, "badges.json"));
        Assert.Contains("badges.json': " + key + ":", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_line_parses_every_option()
    {
        var cli = CommandLine.Parse(["--mqtt-host", "127.0.0.1", "--mqtt-port", "1883", "--username", "u", "--password", "p",
            "--room-config", "room.json", "--badges", "b.json", "run", "demo.json", "--stay"]);
        Assert.Equal(new CommandLine("127.0.0.1", 1883, "u", "p", "room.json", "b.json", SimMode.Run, "demo.json", true), cli);
        var interactive = CommandLine.Parse(["interactive", "--room-config", "r.json", "--mqtt-port", "1", "--mqtt-host", "h"]);
        Assert.Equal(SimMode.Interactive, interactive.Mode);
        Assert.Null(interactive.BadgesPath);
    }

    [Theory]
    [InlineData("--mqtt-host", "--mqtt-port 1883 --room-config r.json interactive")]
    [InlineData("--mqtt-port", "--mqtt-host h --room-config r.json interactive")]
    [InlineData("--room-config", "--mqtt-host h --mqtt-port 1883 interactive")]
    [InlineData("'70000'", "--mqtt-host h --mqtt-port 70000 --room-config r.json interactive")]
    [InlineData("'abc'", "--mqtt-host h --mqtt-port abc --room-config r.json interactive")]
    [InlineData("mode", "--mqtt-host h --mqtt-port 1 --room-config r.json")]
    [InlineData("scenario", "--mqtt-host h --mqtt-port 1 --room-config r.json run")]
    [InlineData("--stay", "--mqtt-host h --mqtt-port 1 --room-config r.json interactive --stay")]
    [InlineData("--password", "--mqtt-host h --mqtt-port 1 --password p --room-config r.json interactive")]
    [InlineData("--username", "--mqtt-host h --mqtt-port 1 --username u --room-config r.json interactive")]
    [InlineData("'--verbose'", "--mqtt-host h --mqtt-port 1 --room-config r.json interactive --verbose")]
    [InlineData("'walk'", "--mqtt-host h --mqtt-port 1 --room-config r.json walk")]
    [InlineData("--badges", "--mqtt-host h --mqtt-port 1 --room-config r.json --badges")]
    public void Bad_command_lines_say_what_is_wrong(string expected, string args)
    {
        var e = Assert.Throws<ConfigurationException>(() => CommandLine.Parse(args.Split(' ')));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_arguments_and_files_exit_non_zero_naming_the_problem()
    {
        var error = new StringWriter();
        var code = await SimApp.RunAsync(["--mqtt-host", "127.0.0.1", "--mqtt-port", "1", "--room-config", "/nonexistent/room.json", "interactive"],
            TextReader.Null, TextWriter.Null, error, CancellationToken.None);
        Assert.Equal(SimApp.ExitUsage, code);
        Assert.Contains("/nonexistent/room.json", error.ToString(), StringComparison.Ordinal);

        error = new StringWriter();
        code = await SimApp.RunAsync(["--mqtt-host", "127.0.0.1", "--mqtt-port", "1", "--room-config", RepositoryLayout.DemoRoomFile, "run", "/nonexistent/s.json"],
            TextReader.Null, TextWriter.Null, error, CancellationToken.None);
        Assert.Equal(SimApp.ExitUsage, code);
        Assert.Contains("scenario: file '/nonexistent/s.json' does not exist", error.ToString(), StringComparison.Ordinal);
    }
}
