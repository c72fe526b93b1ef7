using Inclusion.Iot.Edge.Worker.RoomFile;
using Inclusion.Iot.Testing;

namespace Inclusion.Iot.Edge.Worker.Tests;

[UseUICulture("en")]
public sealed class RoomFileLoaderTests
{
    private const string Devices = """
        { "name": "ceiling-light", "role": "lighting", "driver": "zigbee2mqtt", "topic": "c" },
        { "name": "presence", "role": "occupancy", "driver": "zigbee2mqtt", "topic": "p" },
        { "name": "entry-reader", "role": "entry_reader", "driver": "tasmota", "topic": "r" }
        """;

    [Fact]
    public void The_demo_room_file_loads()
    {
        var room = RoomFileLoader.Load(TestPaths.DemoRoomFile);
        Assert.Equal("room-sensory-1", room.RoomId);
        Assert.Equal(6, room.Devices.Count);
        Assert.Equal(2, room.WithRole(DeviceRoleName.Lighting).Count());
        Assert.Equal(new RoomDevice("entry-reader", DeviceRoleName.EntryReader, DeviceDriver.Tasmota, "sensory1-reader"), room.Devices[4]);
    }

    [Theory]
    [InlineData("""{ "name": "x", "role": "sprinkler", "driver": "zigbee2mqtt", "topic": "x" }""", "devices[3].role: 'sprinkler' is not one of")]
    [InlineData("""{ "name": "x", "role": "lighting", "driver": "gpio", "topic": "x" }""", "devices[3].driver: 'gpio' is not available in this release")]
    [InlineData("""{ "name": "x", "role": "entry_reader", "driver": "mfrc522", "topic": "x" }""", "devices[3].driver: 'mfrc522' is not available in this release")]
    [InlineData("""{ "name": "x", "role": "lighting", "driver": "sim", "topic": "x" }""", "devices[3].driver: 'sim' is not available in this release")]
    [InlineData("""{ "name": "x", "role": "lighting", "driver": "hue", "topic": "x" }""", "devices[3].driver: 'hue' is not one of")]
    [InlineData("""{ "name": "x", "role": "lighting", "driver": "tasmota", "topic": "x" }""", "devices[3].driver: 'tasmota' cannot drive")]
    [InlineData("""{ "name": "x", "role": "lighting", "driver": "zigbee2mqtt" }""", "devices[3].topic: a non-empty string is required")]
    [InlineData("""{ "name": "x", "role": "lighting", "driver": "zigbee2mqtt", "topic": "a/#" }""", "devices[3].topic: 'a/#' is not a plain MQTT topic name")]
    [InlineData("""{ "name": "x", "role": "lighting", "driver": "zigbee2mqtt", "topic": "x", "pin": 4 }""", "devices[3].pin: unknown key")]
    [InlineData("""{ "name": "presence", "role": "lighting", "driver": "zigbee2mqtt", "topic": "x" }""", "devices[3].name: 'presence' is used by another device")]
    [InlineData("""{ "name": "x", "role": "lighting", "driver": "zigbee2mqtt", "topic": "c" }""", "devices[3].topic: 'c' is used by another zigbee2mqtt device")]
    [InlineData("""{ "name": "bad name", "role": "lighting", "driver": "zigbee2mqtt", "topic": "x" }""", "devices[3].name: 'bad name' may hold only")]
    [InlineData("""{ "name": "x", "role": 3, "driver": "zigbee2mqtt", "topic": "x" }""", "devices[3].role: a non-empty string is required")]
    [InlineData("\"lamp\"", "devices[3]: an object is required")]
    public void A_bad_device_is_named_by_its_key(string device, string message)
    {
        var e = Assert.Throws<RoomFileException>(() => RoomFileLoader.Parse(Room($"{Devices},\n{device}")));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "schemaVersion": 2, "roomId": "r", "devices": [] }""", "schemaVersion: 2 is not supported")]
    [InlineData("""{ "roomId": "r", "devices": [] }""", "schemaVersion: a number is required")]
    [InlineData("""{ "schemaVersion": 1, "devices": [] }""", "roomId: a non-empty string is required")]
    [InlineData("""{ "schemaVersion": 1, "roomId": "r" }""", "devices: an array is required")]
    [InlineData("""{ "schemaVersion": 1, "roomId": "r", "devices": [], "colour": "blue" }""", "colour: unknown key")]
    [InlineData("""{ "schemaVersion": 1, "roomId": "r", "devices": [ """, "not valid JSON")]
    [InlineData("[]", "one JSON object")]
    public void A_bad_file_is_named_by_its_key(string json, string message)
    {
        var e = Assert.Throws<RoomFileException>(() => RoomFileLoader.Parse(json));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_names_the_path_and_the_setting()
    {
        using var scratch = new ScratchDirectory("roomfile");
        var e = Assert.Throws<RoomFileException>(() => RoomFileLoader.Load(scratch.File("absent.json")));
        Assert.Contains("absent.json", e.Message, StringComparison.Ordinal);
        Assert.Contains("Edge:RoomConfigPath", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_from_a_file_name_the_file()
    {
        using var scratch = new ScratchDirectory("roomfile");
        var path = scratch.File("room.json");
        File.WriteAllText(path, Room("""{ "name": "x", "role": "lighting", "driver": "gpio", "topic": "x" }"""));
        var e = Assert.Throws<RoomFileException>(() => RoomFileLoader.Load(path));
        Assert.StartsWith($"Room file '{path}': devices[0].driver", e.Message, StringComparison.Ordinal);
    }

    private static string Room(string devices) => $$"""{ "schemaVersion": 1, "roomId": "room-1", "devices": [ {{devices}} ] }""";
}
