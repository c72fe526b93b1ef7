using System.Text.Json.Nodes;
using Google.Protobuf;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Edge.Devices.Conventions;

namespace Inclusion.Iot.Edge.Worker.Sync;

/// <summary>
/// A recorded event as published on <c>inclusion/&lt;room&gt;/event/&lt;kind&gt;</c>: the contract's field names in snake_case,
/// with <c>schema_version</c> first, like the room state. Enum values are the contract's names (e.g. <c>SESSION_KIND_GROUP</c>).
/// </summary>
public static class EventJson
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true));

    public static byte[] ToMqttPayload(EdgeEvent edgeEvent)
    {
        ArgumentNullException.ThrowIfNull(edgeEvent);
        var body = JsonNode.Parse(Formatter.Format(edgeEvent))!.AsObject();
        var payload = new JsonObject { ["schema_version"] = Payloads.SchemaVersion };
        foreach (var (name, value) in body.ToList())
        {
            body.Remove(name);
            payload[name] = value;
        }

        return System.Text.Encoding.UTF8.GetBytes(payload.ToJsonString());
    }
}
