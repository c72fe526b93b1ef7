using Inclusion.Iot.Edge.Devices.RoomFile;
using Inclusion.Iot.Edge.Domain.Configuration;
using Inclusion.Iot.Testing;

namespace Inclusion.Iot.Edge.Devices.Tests.RoomFile;

[UseUICulture("en")]
public sealed class RoomFileLoaderTests
{
    private const string Devices = """
        { "name": "ceiling-light", "role": "lighting", "driver": "zigbee2mqtt", "topic": "c" },
        { "name": "presence", "role": "occupancy", "driver": "zigbee2mqtt", "topic": "p" },
        { "name": "entry-reader", "role": "entry_reader", "driver": "tasmota", "topic": "r" }
        """;

    private const string Wired = """
        { "name": "pir", "role": "occupancy", "driver": "gpio", "pin": 17 },
        { "name": "reader", "role": "entry_reader", "driver": "mfrc522" },
        { "name": "board", "role": "lighting", "driver": "pca9685", "channel": 0 }
        """;

    [Fact]
    public void The_demo_room_file_loads()
    {
        var room = RoomFileLoader.Load(RepositoryLayout.DemoRoomFile, "Edge:RoomConfigPath");
        Assert.Equal("room-sensory-1", room.RoomId);
        Assert.Equal(2, room.WithRole(DeviceRole.Lighting).Count());
        Assert.Equal(new RoomDevice("entry-reader", DeviceRole.EntryReader, DeviceDriver.Tasmota, "sensory1-reader"), room.Named("entry-reader"));
        Assert.Equal("wall-timer", room.Named("wall-timer")!.Topic);
    }

    [Fact]
    public void The_gpio_room_file_loads_with_every_driver_family_wired_to_the_pi()
    {
        var room = RoomFileLoader.Load(Path.Combine(RepositoryLayout.Root, "deploy", "rooms", "gpio-room.json"), "Edge:RoomConfigPath");
        Assert.Equal("room-sensory-2", room.RoomId);
        Assert.All(room.Devices, d => Assert.False(d.OnMqtt));
        Assert.Equal(
            [DeviceDriver.Pca9685, DeviceDriver.Pwm, DeviceDriver.Gpio, DeviceDriver.Gpio, DeviceDriver.Gpio, DeviceDriver.Gpio, DeviceDriver.Gpio, DeviceDriver.Mfrc522, DeviceDriver.Ws2812b, DeviceDriver.Tm1637],
            room.Devices.Select(d => d.Driver));
        var reader = room.Named("entry-reader")!.Wiring!;
        Assert.Equal((0, 0, 25), (reader.SpiBus, reader.ChipSelect, reader.ResetPin));
        var strip = room.Named("ceiling-strip")!.Wiring!;
        Assert.Equal((1, 0x40, 0, 1), (strip.I2cBus, strip.I2cAddress, strip.Channel, strip.CoolChannel));
        Assert.Equal(24, room.Named("wall-ring")!.Wiring!.LedCount);
    }

    [Fact]
    public void Wiring_defaults_are_filled_per_driver()
    {
        var room = RoomFileLoader.Parse(Room(Wired, version: 2));
        Assert.Equal((0, 0, (int?)null), (room.Named("reader")!.Wiring!.SpiBus, room.Named("reader")!.Wiring!.ChipSelect, room.Named("reader")!.Wiring!.ResetPin));
        Assert.Equal((1, 0x40), (room.Named("board")!.Wiring!.I2cBus, room.Named("board")!.Wiring!.I2cAddress));
        Assert.False(room.Named("pir")!.Wiring!.ActiveLow);
    }

    [Theory]
    [InlineData("""{ "name": "r", "role": "entry_reader", "driver": "pn532" }""", 1, 0x24, null)]
    [InlineData("""{ "name": "r", "role": "entry_reader", "driver": "pn532", "i2cBus": 3, "i2cAddress": 36 }""", 3, 0x24, null)]
    [InlineData("""{ "name": "r", "role": "entry_reader", "driver": "pn532", "serialPort": "/dev/serial0" }""", null, null, "/dev/serial0")]
    public void A_pn532_is_on_i2c_unless_it_names_a_serial_port(string device, int? bus, int? address, string? port)
    {
        var wiring = RoomFileLoader.Parse(Room(device, version: 2)).Devices[0].Wiring!;
        Assert.Equal((bus, address, port), (wiring.I2cBus, wiring.I2cAddress, wiring.SerialPort));
    }

    [Theory]
    [InlineData("""{ "name": "x", "role": "sprinkler", "driver": "zigbee2mqtt", "topic": "x" }""", "devices[3].role: 'sprinkler' is not one of")]
    [InlineData("""{ "name": "x", "role": "lighting", "driver": "gpio", "pin": 4 }""", "devices[3].driver: 'gpio' cannot drive a 'lighting' device (drivers for 'lighting': zigbee2mqtt, pca9685, pwm)")]
    [InlineData("""{ "name": "x", "role": "lighting", "driver": "hue", "topic": "x" }""", "devices[3].driver: 'hue' is not one of")]
    [InlineData("""{ "name": "x", "role": "lighting", "driver": "tasmota", "topic": "x" }""", "devices[3].driver: 'tasmota' cannot drive")]
    [InlineData("""{ "name": "x", "role": "lighting", "driver": "zigbee2mqtt" }""", "devices[3].topic: a non-empty string is required")]
    [InlineData("""{ "name": "x", "role": "lighting", "driver": "zigbee2mqtt", "topic": "a/#" }""", "devices[3].topic: 'a/#' is not a plain MQTT topic name")]
    [InlineData("""{ "name": "x", "role": "lighting", "driver": "zigbee2mqtt", "topic": "x", "pin": 4 }""", "devices[3].pin: unknown key")]
    [InlineData("""{ "name": "presence", "role": "lighting", "driver": "zigbee2mqtt", "topic": "x" }""", "devices[3].name: 'presence' is used by another device")]
    [InlineData("""{ "name": "x", "role": "lighting", "driver": "zigbee2mqtt", "topic": "c" }""", "devices[3].topic: 'c' is used by another zigbee2mqtt device")]
    [InlineData("""{ "name": "bad name", "role": "lighting", "driver": "zigbee2mqtt", "topic": "x" }""", "devices[3].name: 'bad name' may hold only")]
    [InlineData("""{ "name": "x", "role": 3, "driver": "zigbee2mqtt", "topic": "x" }""", "devices[3].role: a non-empty string is required")]
    [InlineData("""{ "name": "wall", "role": "timer", "driver": "inclusion", "topic": "other" }""", "devices[3].topic: our own devices are addressed by their name ('wall')")]
    [InlineData("""{ "name": "x", "role": "occupancy", "driver": "gpio", "pin": 17 }""", "devices[3].driver: 'gpio' is wired to the Pi and needs schemaVersion 2")]
    [InlineData("\"lamp\"", "devices[3]: an object is required")]
    public void A_bad_device_is_named_by_its_key(string device, string message)
    {
        var e = Assert.Throws<RoomFileException>(() => RoomFileLoader.Parse(Room($"{Devices},\n{device}")));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "name": "x", "role": "occupancy", "driver": "gpio" }""", "devices[3].pin: required by the 'gpio' driver")]
    [InlineData("""{ "name": "x", "role": "occupancy", "driver": "gpio", "pin": 28 }""", "devices[3].pin: 28 is outside 0..27")]
    [InlineData("""{ "name": "x", "role": "occupancy", "driver": "gpio", "pin": -1 }""", "devices[3].pin: -1 is outside 0..27")]
    [InlineData("""{ "name": "x", "role": "occupancy", "driver": "gpio", "pin": "17" }""", "devices[3].pin: a whole number is required")]
    [InlineData("""{ "name": "x", "role": "occupancy", "driver": "gpio", "pin": 17.5 }""", "devices[3].pin: a whole number is required")]
    [InlineData("""{ "name": "x", "role": "occupancy", "driver": "gpio", "pin": 4, "activeLow": "yes" }""", "devices[3].activeLow: true or false is required")]
    [InlineData("""{ "name": "x", "role": "occupancy", "driver": "gpio", "pin": 4, "topic": "x" }""", "devices[3].topic: unknown key for the 'gpio' driver (it takes pin, activeLow, debounceMs)")]
    [InlineData("""{ "name": "x", "role": "occupancy", "driver": "gpio", "pin": 17 }""", "devices[3].pin: GPIO17 is already used by devices[0].pin")]
    [InlineData("""{ "name": "x", "role": "door_contact", "driver": "gpio", "pin": 10 }""", "devices[3].pin: GPIO10 is already used by SPI0 (devices[1])")]
    [InlineData("""{ "name": "x", "role": "door_contact", "driver": "gpio", "pin": 2 }""", "devices[3].pin: GPIO2 is already used by I2C1 (devices[2])")]
    [InlineData("""{ "name": "x", "role": "entry_reader", "driver": "mfrc522", "spiBus": 7 }""", "devices[3].spiBus: 7 is outside 0..6")]
    [InlineData("""{ "name": "x", "role": "entry_reader", "driver": "mfrc522" }""", "devices[3].chipSelect: spi0.0 is already used by devices[1].chipSelect")]
    [InlineData("""{ "name": "x", "role": "timer", "driver": "ws2812b", "chipSelect": 1 }""", "devices[3].ledCount: required by the 'ws2812b' driver")]
    [InlineData("""{ "name": "x", "role": "timer", "driver": "ws2812b", "chipSelect": 1, "ledCount": 0 }""", "devices[3].ledCount: 0 is outside 1..1024")]
    [InlineData("""{ "name": "x", "role": "timer", "driver": "tm1637", "clockPin": 5, "dataPin": 5 }""", "devices[3].dataPin: must differ from devices[3].clockPin")]
    [InlineData("""{ "name": "x", "role": "lighting", "driver": "pca9685", "channel": 0 }""", "devices[3].channel: i2c1@0x40 channel 0 is already used by devices[2].channel")]
    [InlineData("""{ "name": "x", "role": "lighting", "driver": "pca9685", "channel": 16 }""", "devices[3].channel: 16 is outside 0..15")]
    [InlineData("""{ "name": "x", "role": "lighting", "driver": "pca9685", "channel": 1, "coolChannel": 1 }""", "devices[3].coolChannel: must differ from devices[3].channel")]
    [InlineData("""{ "name": "x", "role": "lighting", "driver": "pca9685", "i2cAddress": "0x80", "channel": 1 }""", "devices[3].i2cAddress: '0x80' is not a 7-bit I2C address")]
    [InlineData("""{ "name": "x", "role": "lighting", "driver": "pca9685", "i2cAddress": "forty", "channel": 1 }""", "devices[3].i2cAddress: 'forty' is not a 7-bit I2C address")]
    [InlineData("""{ "name": "x", "role": "entry_reader", "driver": "pn532", "i2cAddress": "0x40" }""", "devices[3].i2cAddress: i2c1@0x40 is already used by devices[2].i2cAddress")]
    [InlineData("""{ "name": "x", "role": "entry_reader", "driver": "pn532", "serialPort": "COM3" }""", "devices[3].serialPort: 'COM3' is not a serial device path")]
    [InlineData("""{ "name": "x", "role": "entry_reader", "driver": "pn532", "serialPort": "/dev/ttyS0", "i2cBus": 1 }""", "devices[3]: give either serialPort or i2cBus/i2cAddress, not both")]
    [InlineData("""{ "name": "x", "role": "buzzer", "driver": "zigbee2mqtt", "topic": "b" }""", "devices[3].driver: 'zigbee2mqtt' cannot drive a 'buzzer' device (drivers for 'buzzer': gpio)")]
    public void A_bad_pin_bus_or_address_is_named_by_its_key(string device, string message)
    {
        var e = Assert.Throws<RoomFileException>(() => RoomFileLoader.Parse(Room($"{Wired},\n{device}", version: 2)));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_lighting_zones_share_one_pca9685_board_on_different_channels()
    {
        var room = RoomFileLoader.Parse(Room($$"""{{Wired}}, { "name": "mood", "role": "lighting", "driver": "pca9685", "channel": 2, "coolChannel": 3 }""", version: 2));
        Assert.Equal(2, room.WithRole(DeviceRole.Lighting).Count());
    }

    [Theory]
    [InlineData("""{ "schemaVersion": 3, "roomId": "r", "devices": [] }""", "schemaVersion: 3 is not supported")]
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
        var e = Assert.Throws<RoomFileException>(() => RoomFileLoader.Load(scratch.File("absent.json"), "Edge:RoomConfigPath"));
        Assert.Contains("absent.json", e.Message, StringComparison.Ordinal);
        Assert.Contains("Edge:RoomConfigPath", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_from_a_file_name_the_file()
    {
        using var scratch = new ScratchDirectory("roomfile");
        var path = scratch.File("room.json");
        File.WriteAllText(path, Room("""{ "name": "x", "role": "lighting", "driver": "gpio", "pin": 4 }""", version: 2));
        var e = Assert.Throws<RoomFileException>(() => RoomFileLoader.Load(path, "Edge:RoomConfigPath"));
        Assert.StartsWith($"Room file '{path}': devices[0].driver", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("uk", "devices[0].pin: 40 поза допустимим діапазоном 0..27.")]
    [InlineData("ru", "devices[0].pin: 40 вне допустимого диапазона 0..27.")]
    [InlineData("en", "devices[0].pin: 40 is outside 0..27.")]
    public void A_wiring_error_reads_in_the_UI_culture(string culture, string message)
    {
        using var _ = UICulture.Use(culture);
        var e = Assert.Throws<RoomFileException>(() => RoomFileLoader.Parse(Room("""{ "name": "x", "role": "buzzer", "driver": "gpio", "pin": 40 }""", version: 2)));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void The_messages_exist_in_english_russian_and_ukrainian()
    {
        var folder = Path.Combine(RepositoryLayout.Root, "edge", "Inclusion.Iot.Edge.Devices", "Resources");
        string[] english = [.. ResxFile.Read(Path.Combine(folder, "RoomFileMessages.resx")).Keys];
        Assert.NotEmpty(english);
        Assert.Equal<string>(english, ResxFile.Read(Path.Combine(folder, "RoomFileMessages.ru.resx")).Keys);
        Assert.Equal<string>(english, ResxFile.Read(Path.Combine(folder, "RoomFileMessages.uk.resx")).Keys);
    }

    private static string Room(string devices, int version = 1) => $$"""{ "schemaVersion": {{version}}, "roomId": "room-1", "devices": [ {{devices}} ] }""";
}
