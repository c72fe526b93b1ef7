using System.Text.Json;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Edge.Worker.Sync;
using D = Inclusion.Iot.Edge.Domain;

namespace Inclusion.Iot.Edge.Worker.Tests;

public sealed class EventJsonTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void An_event_on_MQTT_is_snake_case_with_the_schema_version_first()
    {
        var recorded = EventMapper.ToContract(
            new D.Events.PupilJoined(At, "session-1", "p-3f9a1c", "staff-olena", "pe-1"), "room-sensory-1", 1234, clockSynchronised: false);

        var json = JsonDocument.Parse(EventJson.ToMqttPayload(recorded)).RootElement;

        Assert.Equal("schema_version", json.EnumerateObject().First().Name);
        Assert.Equal(1, json.GetProperty("schema_version").GetInt32());
        Assert.Equal("room-sensory-1", json.GetProperty("room_id").GetString());
        Assert.Equal("1234", json.GetProperty("monotonic_ms").GetString());
        Assert.Equal("2026-12-01T09:30:00Z", json.GetProperty("occurred_at").GetString());
        var body = json.GetProperty("pupil_joined");
        Assert.Equal("p-3f9a1c", body.GetProperty("pupil_id").GetString());
        Assert.Equal("staff-olena", body.GetProperty("escort_staff_id").GetString());
        Assert.DoesNotContain(json.EnumerateObject(), p => p.Name.Any(char.IsUpper));
    }

    [Fact]
    public void An_event_on_MQTT_is_compact_and_keeps_what_its_strings_hold()
    {
        // A reason with the characters the compaction must leave alone: spaces, quotes, a backslash, braces, Cyrillic.
        var reason = "Зчитувач \"вхід\" { ні } \\ 2 с";
        var recorded = EventMapper.ToContract(new D.Events.DeviceInputRejected(At, "entry-reader", "tele/reader/SENSOR", reason), "room-sensory-1", 7, clockSynchronised: true);

        var payload = EventJson.ToMqttPayload(recorded);
        var text = System.Text.Encoding.UTF8.GetString(payload);

        Assert.StartsWith("{\"schema_version\":1,\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain(": ", text.Replace(reason, string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        var json = JsonDocument.Parse(payload).RootElement;
        Assert.Equal(reason, json.GetProperty("device_input_rejected").GetProperty("reason").GetString());
        Assert.Equal("tele/reader/SENSOR", json.GetProperty("device_input_rejected").GetProperty("topic").GetString());
        Assert.True(json.GetProperty("clock_synchronised").GetBoolean());
    }

    [Fact]
    public void Two_events_in_a_row_are_each_their_own_payload()
    {
        var first = EventJson.ToMqttPayload(EventMapper.ToContract(new D.Events.PupilLeft(At, "session-1", "p-1"), "room-sensory-1", 1, true));
        var second = EventJson.ToMqttPayload(EventMapper.ToContract(new D.Events.EscortLeft(At, "session-1", "staff-olena"), "room-sensory-1", 2, true));

        Assert.Equal("p-1", JsonDocument.Parse(first).RootElement.GetProperty("pupil_left").GetProperty("pupil_id").GetString());
        var json = JsonDocument.Parse(second).RootElement;
        Assert.False(json.TryGetProperty("pupil_left", out _));
        Assert.Equal("staff-olena", json.GetProperty("escort_left").GetProperty("staff_id").GetString());
    }

    [Theory]
    [MemberData(nameof(EveryEvent))]
    public void Every_domain_event_has_a_contract_body_whose_kind_is_its_field_name(D.Events.RoomEvent roomEvent, string kind)
    {
        var recorded = EventMapper.ToContract(roomEvent, "room-sensory-1", 0, clockSynchronised: true);
        Assert.Equal(kind, EventMapper.Kind(recorded));
        Assert.True(JsonDocument.Parse(EventJson.ToMqttPayload(recorded)).RootElement.TryGetProperty(kind, out _));
    }

    public static TheoryData<D.Events.RoomEvent, string> EveryEvent() => new()
    {
        { new D.Events.SessionStarted(At, "s", D.Room.SessionKind.Group, ["p"], ["e"], 38, 30, 2400, ["pe"]), "session_started" },
        { new D.Events.SessionEnded(At, "s", D.Room.SessionEndReason.AbortedOnPanel, 60, null, 0), "session_ended" },
        { new D.Events.PupilLeft(At, "s", "p"), "pupil_left" },
        { new D.Events.EscortJoined(At, "s", "e"), "escort_joined" },
        { new D.Events.EscortLeft(At, "s", "e"), "escort_left" },
        { new D.Events.SessionExtended(At, "s", 5, 25), "session_extended" },
        { new D.Events.SessionReplanned(At, "s", D.Room.SessionKind.Group, 38, 30, 2400), "session_replanned" },
        { new D.Events.ClockJumped(At, TimeSpan.FromDays(1), true), "clock_jumped" },
    };

    [Fact]
    public void The_contract_carries_the_new_kinds_and_reasons()
    {
        var started = EventMapper.ToContract(new D.Events.SessionStarted(At, "s", D.Room.SessionKind.Unloading, [], ["e"], 12, 50, 3000, []), "r", 0, true);
        Assert.Equal(SessionKind.Unloading, started.SessionStarted.Kind);
        var ended = EventMapper.ToContract(new D.Events.SessionEnded(At, "s", D.Room.SessionEndReason.AllPupilsLeft, 60, null, 42), "r", 0, true);
        Assert.Equal((SessionEndReason.AllPupilsLeft, 42), (ended.SessionEnded.Reason, ended.SessionEnded.OverrunSeconds));
    }

    [Fact]
    public void Every_domain_enum_value_has_the_contracts_value_of_the_same_name()
    {
        foreach (var reason in Enum.GetValues<D.Room.RefusalReason>()) Assert.Equal(reason.ToString(), EventMapper.ToContract(reason).ToString());
        foreach (var phase in Enum.GetValues<D.Room.TimerPhase>()) Assert.Equal(phase.ToString(), EventMapper.ToContract(phase).ToString());
        foreach (var kind in Enum.GetValues<D.Room.SessionKind>()) Assert.Equal(kind.ToString(), EventMapper.ToContract(kind).ToString());
        foreach (var alert in Enum.GetValues<D.Room.AlertKind>()) Assert.Equal(alert.ToString(), EventMapper.ToContract(alert).ToString());
        foreach (var end in Enum.GetValues<D.Room.SessionEndReason>())
        {
            Assert.Equal(end.ToString(), EventMapper.ToContract(new D.Events.SessionEnded(At, "s", end, 1, null), "r", 0, true).SessionEnded.Reason.ToString());
        }

        foreach (var status in Enum.GetValues<D.Health.DeviceStatus>())
        {
            Assert.Equal(status.ToString(), EventMapper.ToContract(new D.Events.DeviceHealthChanged(At, "d", status, null, null, null, null), "r", 0, true).DeviceHealthChanged.Status.ToString());
        }
    }

    [Theory]
    [InlineData(D.Room.RoomMode.EscortPresent, "escort_present", "ESCORT_PRESENT")]
    [InlineData(D.Room.SessionKind.OpenUse, "open_use", "OPEN_USE")]
    [InlineData(D.Room.TimerPhase.FiveMinuteWarning, "five_minute_warning", "FIVE_MINUTE_WARNING")]
    [InlineData(D.Room.RoomMode.Idle, "idle", "IDLE")]
    public void Wire_names_are_the_values_name_in_snake_case(Enum value, string snake, string upper)
    {
        Assert.Equal(snake, Devices.Conventions.WireNames.Snake(value));
        Assert.Equal(upper, Devices.Conventions.WireNames.UpperSnake(value));
    }
}
