using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Inclusion.Iot.Edge.Domain.Configuration;
using Inclusion.Iot.Edge.Domain.Health;
using Inclusion.Iot.Edge.Domain.Room;
using Inclusion.Iot.Edge.Worker.Room;

namespace Inclusion.Iot.Edge.Worker.Tests.Room;

/// <summary>
/// The stored room state is written by a generated serializer (NativeAOT); it must be the format the reflection-based
/// one wrote (a state stored before the upgrade reads back, byte for byte), and a state missing a key is refused, never
/// read with the key's type default in place of the property's initializer.
/// </summary>
public class RoomStateJsonTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 9, 30, 0, TimeSpan.FromHours(1));

    /// <summary>The options the edge stored its state with before source generation.</summary>
    private static readonly JsonSerializerOptions Reflected = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static RoomState Busy() => RoomState.Initial with
    {
        Mode = RoomMode.Session,
        Escorts = [new EscortPresence("staff-olena", "Olena", At)],
        Session = new RunningSession
        {
            SessionId = "s-1",
            Kind = SessionKind.Group,
            KindChosen = true,
            Pupils = [new SessionPupil("p-1", "Fox", "pe-fox", new SensoryProfile()) { CapMinutes = 15, AdaptationWeek = 2, WeekCount = 3, WeekLimit = 4 }],
            Escorts = [new SessionEscort("staff-olena", "Olena")],
            StartedAt = At,
            PlannedMinutes = 20,
            PlannedLimitedBy = "R-ADAPT",
            Scene = new LightScene(true, 47, 2700, 3),
            Stage = SceneStage.Session,
            Phase = TimerPhase.FiveMinuteWarning,
        },
        Occupied = true,
        DoorOpen = false,
        LastRefusal = new Refusal(RefusalReason.EscortRequired, "p-2", At, "R-ESCORT"),
        Alert = new RoomAlert(AlertKind.UnescortedPresence, At, At),
        FireLatched = true,
        SessionLog = [new CountedSession("s-0", "p-1", SessionKind.Individual, At.AddDays(-1))],
        Health = DeviceHealthBook.Empty with
        {
            Devices = new Dictionary<string, DeviceHealth> { ["door"] = new DeviceHealth { Role = DeviceRole.DoorContact, KnownSince = At, Online = false, OfflineReason = "gone", Status = DeviceStatus.Offline } },
        },
        DeviceOnline = new Dictionary<string, bool> { ["door"] = false, ["presence"] = true },
    };

    public static TheoryData<string> States => ["initial", "busy"];

    [Theory]
    [MemberData(nameof(States))]
    public void The_state_is_stored_as_the_reflection_based_serializer_stored_it_and_reads_back(string which)
    {
        var state = which == "busy" ? Busy() : RoomState.Initial;
        var json = RoomStateJson.Serialize(state);
        Assert.Equal(JsonSerializer.Serialize(state, Reflected), json);
        Assert.Equal(json, RoomStateJson.Serialize(RoomStateJson.Deserialize(json)!));
        // A state stored by the reflection-based edge reads back the same.
        Assert.Equal(json, RoomStateJson.Serialize(RoomStateJson.Deserialize(JsonSerializer.Serialize(state, Reflected))!));
    }

    [Theory]
    [InlineData("sessionLog")]
    [InlineData("deviceOnline")]
    [InlineData("mode")]
    [InlineData("session.pupils")]
    [InlineData("session.stage")]
    [InlineData("lastRefusal.ruleId")]
    public void A_state_missing_a_key_is_refused_not_read_with_defaults(string key)
    {
        var json = JsonNode.Parse(RoomStateJson.Serialize(Busy()))!.AsObject();
        var path = key.Split('.');
        var parent = path[..^1].Aggregate(json, (node, name) => node[name]!.AsObject());
        Assert.True(parent.Remove(path[^1]));
        Assert.ThrowsAny<JsonException>(() => RoomStateJson.Deserialize(json.ToJsonString()));
    }

    [Fact]
    public void Keys_the_edge_does_not_know_are_ignored()
    {
        var json = JsonNode.Parse(RoomStateJson.Serialize(Busy()))!.AsObject();
        json["writtenByANewerEdge"] = 1;
        Assert.Equal(RoomStateJson.Serialize(Busy()), RoomStateJson.Serialize(RoomStateJson.Deserialize(json.ToJsonString())!));
    }
}
