using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Inclusion.Iot.Edge.Devices.Conventions;

namespace Inclusion.Iot.Edge.Devices.Tests.Mqtt;

/// <summary>
/// The edge writes and reads payloads with the generated contracts (NativeAOT has no reflection-based serializer); the
/// simulators and tests with the reflection-based <see cref="Payloads.Json"/> and <see cref="Payloads.TasmotaJson"/>.
/// Both must be the same wire format, byte for byte.
/// </summary>
public class PayloadJsonTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 9, 30, 0, TimeSpan.FromHours(1));

    public static TheoryData<string> Written => ["light", "lock", "timer", "timer-off", "alert", "state", "state-empty", "sensor", "light-state"];

    [Theory]
    [MemberData(nameof(Written))]
    public void The_generated_contract_writes_what_the_reflection_based_options_write(string sample)
    {
        var (generated, reflected) = sample switch
        {
            "light" => Both(new Payloads.LightCommand { State = "ON", Brightness = 120, ColorTemp = 370, Transition = 3 }, PayloadJson.Default.LightCommand),
            "lock" => Both(new Payloads.LockCommand { State = "held" }, PayloadJson.Default.LockCommand),
            "timer" => Both(
                new Payloads.TimerDisplayCommand { Mode = "countdown", RemainingSeconds = 599, TotalSeconds = 900, Phase = "five_minute_warning", Style = "ring", Chime = true },
                PayloadJson.Default.TimerDisplayCommand),
            "timer-off" => Both(new Payloads.TimerDisplayCommand { Mode = "off" }, PayloadJson.Default.TimerDisplayCommand),
            "alert" => Both(new Payloads.AlertPayload { Alert = "unescorted_presence", Active = true, Since = At }, PayloadJson.Default.AlertPayload),
            "state" => Both(
                new Payloads.RoomStatePayload
                {
                    RoomId = "room-1", State = "session", SessionId = "s-1", SessionKind = "open_use", TimerPhase = "running", RemainingSeconds = 600,
                    PupilIds = ["p-1", "p-2"], EscortIds = ["staff-1"], Occupied = true, EndsAt = At, Scene = "session", DevicesWithProblems = ["door"],
                    Alert = "last_escort_left", FireLatched = true, UpdatedAt = At,
                },
                PayloadJson.Default.RoomStatePayload),
            "state-empty" => Both(new Payloads.RoomStatePayload { RoomId = "room-1", State = "idle", UpdatedAt = DateTimeOffset.UnixEpoch }, PayloadJson.Default.RoomStatePayload),
            "sensor" => Both(new Payloads.SensorState { Occupancy = true, Illuminance = 12.5, TargetDistance = 1.25, Battery = 80, Linkquality = 120 }, PayloadJson.Default.SensorState),
            "light-state" => Both(new Payloads.LightState { State = "ON", Brightness = 254, ColorTemp = 153, Color = new Payloads.XyColor(0.3, 0.31), Linkquality = 90 }, PayloadJson.Default.LightState),
            _ => throw new ArgumentOutOfRangeException(nameof(sample)),
        };
        Assert.Equal(reflected, generated);
    }

    [Fact]
    public void The_edge_writes_its_schema_version_and_snake_case_keys()
    {
        var json = Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(new Payloads.LockCommand { State = "released" }, PayloadJson.Default.LockCommand));
        Assert.Equal("""{"schema_version":1,"state":"released"}""", json);
    }

    [Fact]
    public void Tasmota_keys_are_read_exactly_as_sent_with_both_contracts()
    {
        var payload = """{"Time":"2026-11-24T09:30:00","RC522":{"UID":"04A1B2C3","DATA":""}}"""u8.ToArray();
        var generated = MqttJson.Deserialize(payload, TasmotaPayloadJson.Default.TasmotaSensor, out var error);
        var reflected = JsonSerializer.Deserialize<Payloads.TasmotaSensor>(payload, Payloads.TasmotaJson);
        Assert.Null(error);
        Assert.Equal(reflected, generated);
        Assert.Equal("04A1B2C3", generated!.Card!.UID);
        // Case-sensitive as Tasmota's own casing: a lower-case key is not the reader's.
        Assert.Null(MqttJson.Deserialize("""{"rc522":{"uid":"04A1B2C3"}}"""u8, TasmotaPayloadJson.Default.TasmotaSensor, out _)!.Card);
    }

    [Fact]
    public void Zigbee2mqtt_reports_read_the_same_with_both_contracts_unknown_keys_ignored()
    {
        var payload = """{"occupancy":true,"battery":97,"linkquality":144,"update":{"state":"idle"},"illuminance":31,"voltage":3000}"""u8.ToArray();
        var generated = MqttJson.Deserialize(payload, PayloadJson.Default.SensorState, out var error);
        Assert.Null(error);
        Assert.Equal(JsonSerializer.Deserialize<Payloads.SensorState>(payload, Payloads.Json), generated);
        Assert.Null(MqttJson.Deserialize("null"u8, PayloadJson.Default.SensorState, out var nullError));
        Assert.Equal("the payload is JSON null", nullError);
        Assert.Null(MqttJson.Deserialize("{\"occupancy\":"u8, PayloadJson.Default.SensorState, out var badError));
        Assert.StartsWith("not a valid SensorState JSON payload", badError, StringComparison.Ordinal);
    }

    private static (string Generated, string Reflected) Both<T>(T value, JsonTypeInfo<T> typeInfo) =>
        (Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo)), JsonSerializer.Serialize(value, Payloads.Json));
}
