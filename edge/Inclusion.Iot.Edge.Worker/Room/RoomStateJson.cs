using System.Text.Json;
using System.Text.Json.Serialization;
using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Worker.Room;

/// <summary>How the room state is persisted in the store.</summary>
public static class RoomStateJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize(RoomState state) => JsonSerializer.Serialize(state, Options);

    public static RoomState? Deserialize(string? json) => json is null ? null : JsonSerializer.Deserialize<RoomState>(json, Options);
}
