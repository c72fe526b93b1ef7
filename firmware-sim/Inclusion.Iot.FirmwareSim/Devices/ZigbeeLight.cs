using System.Globalization;
using System.Text.Json;
using Inclusion.Iot.Edge.Devices.Conventions;
using Inclusion.Iot.FirmwareSim.Configuration;

namespace Inclusion.Iot.FirmwareSim.Devices;

/// <summary>
/// A Zigbee2MQTT dimmable, colour-temperature light. Commands on <c>zigbee2mqtt/&lt;topic&gt;/set</c>
/// (state, brightness, color_temp, color, transition) change the state, which is reported on <c>zigbee2mqtt/&lt;topic&gt;</c>
/// immediately with the target values, as Zigbee2MQTT does; <c>/get</c> reports the current state.
/// Values out of range are clamped as Zigbee2MQTT does; wrong types make the whole command malformed (logged, ignored).
/// </summary>
public sealed class ZigbeeLight(RoomDevice device, string roomId, MqttSettings settings, SimOutput output, TimeProvider time)
    : ZigbeeDevice(device, roomId, settings, output, time)
{
    public const int MinBrightness = 0;
    public const int MaxBrightness = 254;
    public const int MinColorTemp = 153;
    public const int MaxColorTemp = 500;

    private readonly Lock _gate = new();
    private LightModel _state = new("OFF", 254, 370, null);

    /// <summary>The light as it is now (for tests and the <c>devices</c> command).</summary>
    public Payloads.LightState Current
    {
        get
        {
            lock (_gate) return _state.ToPayload(null);
        }
    }

    protected override IEnumerable<string> Subscriptions => [SetTopic, GetTopic];

    private string SetTopic => Zigbee2MqttTopics.Set(Device.Topic);

    private string GetTopic => Zigbee2MqttTopics.State(Device.Topic) + "/get";

    protected override Task PublishStateAsync(CancellationToken cancellationToken)
    {
        Payloads.LightState payload;
        lock (_gate) payload = _state.ToPayload(LinkQuality);
        return PublishAsync(StateTopic, JsonSerializer.Serialize(payload, Payloads.Json), retain: false, cancellationToken);
    }

    protected override async Task OnMessageAsync(string topic, string payload, CancellationToken cancellationToken)
    {
        if (topic == GetTopic)
        {
            Output.Line(Messages.LightGet(Name));
            await PublishStateAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        if (topic != SetTopic) return;
        LightModel next;
        double? transition;
        lock (_gate)
        {
            if (!TryApply(_state, payload, out next, out transition, out var problem))
            {
                Output.Line(Messages.MalformedCommand(Name, topic, problem, Shorten(payload)));
                return;
            }

            _state = next;
        }

        Output.Line(Messages.LightState(Name, next.State, next.Brightness, next.ColorTemp, transition));
        await PublishStateAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies a <c>/set</c> payload to a state, as a Zigbee2MQTT light would. Pure, for tests.</summary>
    internal static bool TryApply(LightModel current, string payload, out LightModel next, out double? transition, out string problem)
    {
        next = current;
        transition = null;
        problem = string.Empty;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(payload);
        }
        catch (JsonException e)
        {
            problem = e.Message;
            return false;
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "(root) " + Messages.MustBeObject;
                return false;
            }

            var state = current.State;
            var brightness = current.Brightness;
            var colorTemp = current.ColorTemp;
            var color = current.Color;
            var stateGiven = false;
            var anyKnown = false;

            foreach (var p in root.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "state":
                        if (p.Value.ValueKind != JsonValueKind.String)
                        {
                            problem = "state " + Messages.MustBeString;
                            return false;
                        }

                        var s = p.Value.GetString()!.ToUpperInvariant();
                        state = s switch
                        {
                            "ON" => "ON",
                            "OFF" => "OFF",
                            "TOGGLE" => current.State == "ON" ? "OFF" : "ON",
                            _ => null!,
                        };
                        if (state is null)
                        {
                            problem = "state " + Messages.UnknownValue(p.Value.GetString()!, "ON, OFF, TOGGLE");
                            return false;
                        }

                        stateGiven = true;
                        anyKnown = true;
                        break;
                    case "brightness":
                        if (!TryNumber(p.Value, out var b))
                        {
                            problem = "brightness " + Messages.MustBeNumber;
                            return false;
                        }

                        brightness = (int)Math.Round(Math.Clamp(b, MinBrightness, MaxBrightness), MidpointRounding.AwayFromZero);
                        anyKnown = true;
                        break;
                    case "color_temp":
                        if (!TryNumber(p.Value, out var ct))
                        {
                            problem = "color_temp " + Messages.MustBeNumber;
                            return false;
                        }

                        colorTemp = (int)Math.Round(Math.Clamp(ct, MinColorTemp, MaxColorTemp), MidpointRounding.AwayFromZero);
                        color = null;
                        anyKnown = true;
                        break;
                    case "color":
                        if (p.Value.ValueKind != JsonValueKind.Object
                            || !p.Value.TryGetProperty("x", out var x) || !TryNumber(x, out var xv)
                            || !p.Value.TryGetProperty("y", out var y) || !TryNumber(y, out var yv))
                        {
                            problem = Messages.ColorMustBeXy;
                            return false;
                        }

                        color = new Payloads.XyColor(Math.Clamp(xv, 0, 1), Math.Clamp(yv, 0, 1));
                        anyKnown = true;
                        break;
                    case "transition":
                        if (!TryNumber(p.Value, out var t) || t < 0)
                        {
                            problem = "transition " + Messages.MustBeNumber;
                            return false;
                        }

                        transition = t;
                        break;
                    default:
                        // Zigbee2MQTT ignores attributes a device does not have.
                        break;
                }
            }

            if (!anyKnown)
            {
                problem = Messages.NoLightAttribute;
                return false;
            }

            // Zigbee2MQTT: a brightness command without a state turns the light on (brightness 0 turns it off).
            if (!stateGiven && root.TryGetProperty("brightness", out _))
            {
                state = brightness > 0 ? "ON" : "OFF";
            }

            next = new LightModel(state, brightness, colorTemp, color);
            return true;
        }
    }

    private static bool TryNumber(JsonElement e, out double value)
    {
        value = 0;
        return e.ValueKind switch
        {
            JsonValueKind.Number => e.TryGetDouble(out value) && double.IsFinite(value),
            // Zigbee2MQTT accepts numbers sent as strings.
            JsonValueKind.String => double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value),
            _ => false,
        };
    }

    internal sealed record LightModel(string State, int Brightness, int ColorTemp, Payloads.XyColor? Color)
    {
        public Payloads.LightState ToPayload(int? linkquality) => new()
        {
            State = State,
            Brightness = Brightness,
            ColorTemp = ColorTemp,
            Color = Color,
            Linkquality = linkquality,
        };
    }
}
