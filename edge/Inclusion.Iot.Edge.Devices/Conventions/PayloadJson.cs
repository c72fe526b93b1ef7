using System.Text.Json;
using System.Text.Json.Serialization;

namespace Inclusion.Iot.Edge.Devices.Conventions;

/// <summary>
/// The edge's serializer for every <see cref="Payloads"/> record on the wire, generated at build time (no reflection, so
/// the NativeAOT edge can read and write them): the settings of <see cref="Payloads.Json"/> (snake_case, nulls omitted),
/// byte for byte (pinned by the Devices tests).
/// </summary>
/// <remarks>
/// Generated serializers assign every <c>init</c> property when they read an object, so a key missing from the input
/// comes out as the type's default, not as the property's initializer (<c>SchemaVersion = 1</c> reads as 0). The edge
/// reads only records without initializers (<see cref="Payloads.LightState"/>, <see cref="Payloads.SensorState"/>,
/// <see cref="Payloads.Availability"/>, <see cref="Payloads.TasmotaSensor"/>); the records it only writes carry their
/// schema version explicitly.
/// </remarks>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Payloads.LightState))]
[JsonSerializable(typeof(Payloads.LightCommand))]
[JsonSerializable(typeof(Payloads.SensorState))]
[JsonSerializable(typeof(Payloads.LockCommand))]
[JsonSerializable(typeof(Payloads.Availability))]
[JsonSerializable(typeof(Payloads.TimerDisplayCommand))]
[JsonSerializable(typeof(Payloads.AlertPayload))]
[JsonSerializable(typeof(Payloads.RoomStatePayload))]
public sealed partial class PayloadJson : JsonSerializerContext;

/// <summary>Tasmota's SENSOR message with the settings of <see cref="Payloads.TasmotaJson"/> (keys exactly as Tasmota sends them).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Payloads.TasmotaSensor))]
public sealed partial class TasmotaPayloadJson : JsonSerializerContext;
