using System.Text.Json;
using System.Text.Json.Serialization;

namespace Inclusion.Iot.Edge.Devices.Conventions;

/// <summary>
/// Payload records in the shapes real firmware speaks. Unknown properties are ignored on read
/// (Zigbee2MQTT adds <c>linkquality</c>, <c>update</c> … freely); missing ones are null.
/// </summary>
public static class Payloads
{
    /// <summary>
    /// Serializer options for every payload on the wire: snake_case as Zigbee2MQTT, nulls omitted. Reflection-based, for
    /// the simulators and tests (JIT only); the edge itself uses the generated <see cref="PayloadJson"/>, which writes
    /// the same bytes.
    /// </summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>Current schema version of our own payloads (<c>inclusion/…</c>).</summary>
    public const int SchemaVersion = 1;

    /// <summary>CIE xy colour, as Zigbee2MQTT reports it.</summary>
    public sealed record XyColor(double X, double Y);

    /// <summary>
    /// A Zigbee2MQTT light's state (<c>zigbee2mqtt/&lt;name&gt;</c>), and any <c>/set</c> command a light accepts (the
    /// simulated light reads commands with it). The edge sends only <see cref="LightCommand"/>.
    /// </summary>
    public sealed record LightState
    {
        /// <summary><c>"ON"</c>, <c>"OFF"</c> or, in a command, <c>"TOGGLE"</c>.</summary>
        public string? State { get; init; }
        /// <summary>0..254.</summary>
        public int? Brightness { get; init; }
        /// <summary>153..500 mireds.</summary>
        public int? ColorTemp { get; init; }
        public XyColor? Color { get; init; }
        /// <summary>Commands only: fade time in seconds.</summary>
        public double? Transition { get; init; }
        public int? Linkquality { get; init; }
    }

    /// <summary>
    /// The edge's <c>/set</c> command to a Zigbee2MQTT light: exactly these four keys, all required, so a command can
    /// never carry <c>flash</c>, <c>effect</c> or a colour the room did not ask for.
    /// </summary>
    public sealed record LightCommand
    {
        /// <summary><c>"ON"</c> or <c>"OFF"</c>.</summary>
        public required string State { get; init; }
        /// <summary>0..254.</summary>
        public required int Brightness { get; init; }
        /// <summary>153..500 mireds.</summary>
        public required int ColorTemp { get; init; }
        /// <summary>Fade time in seconds, at least one: every change is a fade.</summary>
        public required int Transition { get; init; }
    }

    /// <summary>A Zigbee2MQTT sensor's state: occupancy/presence sensors and door contacts share the topic shape.</summary>
    public sealed record SensorState
    {
        public bool? Occupancy { get; init; }
        public bool? Presence { get; init; }
        /// <summary>Door contact: <c>true</c> = closed, <c>false</c> = open (Zigbee2MQTT convention).</summary>
        public bool? Contact { get; init; }
        /// <summary>Smoke detectors (the fire-alarm role).</summary>
        public bool? Smoke { get; init; }
        /// <summary>Lux in Zigbee2MQTT 2.x (1.x also sent <c>illuminance_lux</c>, now gone; unknown keys are ignored).</summary>
        public double? Illuminance { get; init; }
        /// <summary>mmWave sensors: metres to the nearest target.</summary>
        public double? TargetDistance { get; init; }
        public int? Battery { get; init; }
        public int? Linkquality { get; init; }
    }

    /// <summary>Our ESP door lock's command (<c>inclusion/&lt;room&gt;/device/&lt;name&gt;/set</c>) and reported state.</summary>
    public sealed record LockCommand
    {
        public int SchemaVersion { get; init; } = Payloads.SchemaVersion;
        /// <summary><c>released</c> or <c>held</c>.</summary>
        public required string State { get; init; }
    }

    /// <summary>Zigbee2MQTT availability: <c>{"state":"online"}</c> or <c>{"state":"offline"}</c>.</summary>
    public sealed record Availability(string State)
    {
        [JsonIgnore]
        public bool IsOnline => string.Equals(State, "online", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A Tasmota SENSOR message from an RC522 or PN532 reader. Tasmota uses PascalCase keys,
    /// so this record is read with Tasmota's settings (<see cref="TasmotaPayloadJson"/>), not <see cref="Json"/>.
    /// </summary>
    public sealed record TasmotaSensor
    {
        public string? Time { get; init; }
        public TasmotaCardRead? RC522 { get; init; }
        public TasmotaCardRead? PN532 { get; init; }

        /// <summary>The card read, whichever reader chip sent it.</summary>
        [JsonIgnore]
        public TasmotaCardRead? Card => RC522 ?? PN532;
    }

    public sealed record TasmotaCardRead
    {
        public string? UID { get; init; }
        public string? DATA { get; init; }
    }

    /// <summary>
    /// Tasmota's own key casing (PascalCase and upper case, exactly as sent). Reflection-based, for the simulators and
    /// tests; the edge reads with the generated <see cref="TasmotaPayloadJson"/>.
    /// </summary>
    public static readonly JsonSerializerOptions TasmotaJson = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNameCaseInsensitive = false,
    };

    /// <summary>Our visual timer display command (<c>inclusion/&lt;room&gt;/device/&lt;name&gt;/set</c>) and its reported state.</summary>
    public sealed record TimerDisplayCommand
    {
        public int SchemaVersion { get; init; } = Payloads.SchemaVersion;
        /// <summary><c>"countdown"</c> or <c>"off"</c>.</summary>
        public required string Mode { get; init; }
        public int? RemainingSeconds { get; init; }
        public int? TotalSeconds { get; init; }
        /// <summary><c>running</c>, <c>five_minute_warning</c>, <c>one_minute_warning</c>, <c>ended</c>, <c>overrun</c>.</summary>
        public string? Phase { get; init; }
        /// <summary><c>ring</c>, <c>digits</c> or <c>colours</c>.</summary>
        public string? Style { get; init; }
        public bool? Chime { get; init; }
    }

    /// <summary>An alert raised or cleared, retained, on <c>inclusion/&lt;room&gt;/alert</c>.</summary>
    public sealed record AlertPayload
    {
        public int SchemaVersion { get; init; } = Payloads.SchemaVersion;
        /// <summary><c>unescorted_presence</c> or <c>last_escort_left</c>.</summary>
        public required string Alert { get; init; }
        public bool Active { get; init; }
        public DateTimeOffset Since { get; init; }
    }

    /// <summary>The room's state as the edge publishes it, retained, on <c>inclusion/&lt;room&gt;/state</c>.</summary>
    public sealed record RoomStatePayload
    {
        public int SchemaVersion { get; init; } = Payloads.SchemaVersion;
        public required string RoomId { get; init; }
        /// <summary><c>idle</c>, <c>escort_present</c> or <c>session</c>.</summary>
        public required string State { get; init; }
        public string? SessionId { get; init; }
        /// <summary><c>individual</c>, <c>group</c>, <c>unloading</c> or <c>open_use</c>.</summary>
        public string? SessionKind { get; init; }
        public string? TimerPhase { get; init; }
        public int? RemainingSeconds { get; init; }
        public IReadOnlyList<string>? PupilIds { get; init; }
        /// <summary>The staff ids escorting the session, or waiting at the door for pupils.</summary>
        public IReadOnlyList<string>? EscortIds { get; init; }
        public bool? Occupied { get; init; }
        /// <summary>When the running session's planned time is up (with the edge's UTC offset); null without a session.</summary>
        public DateTimeOffset? EndsAt { get; init; }
        /// <summary>The lighting scene applied: <c>idle</c>, <c>arrival</c>, <c>session</c> or <c>transition_out</c>.</summary>
        public string? Scene { get; init; }
        /// <summary>Names of the room's devices that are offline, stale or faulty (empty when all are well).</summary>
        public IReadOnlyList<string>? DevicesWithProblems { get; init; }
        /// <summary>The alert in force (<c>unescorted_presence</c>, <c>last_escort_left</c>), or null.</summary>
        public string? Alert { get; init; }
        /// <summary>True while a fire alarm's latch keeps the door's lock released (reset on the panel).</summary>
        public bool FireLatched { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
    }
}
