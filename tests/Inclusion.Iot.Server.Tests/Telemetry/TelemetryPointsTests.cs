using Google.Protobuf.WellKnownTypes;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Server.Api.Telemetry;

namespace Inclusion.Iot.Server.Tests.Telemetry;

public sealed class TelemetryPointsTests
{
    private static readonly TelemetryRoom Room = new("org-demo", "room-sensory-1");

    [Fact]
    public void A_point_is_one_canonical_line_with_sorted_tags_integer_fields_and_nanoseconds()
    {
        var edgeEvent = TelemetryEvents.Refused(10, RefusalReason.WeeklyLimit, "R-WEEK");
        var point = TelemetryPoints.For(edgeEvent, edgeEvent.OccurredAt.ToDateTime(), Room, _ => null)!;

        var milliseconds = TelemetryEvents.Milliseconds(10);
        Assert.Equal(
            $"decision,organisation_id=org-demo,outcome=refused,reason=weekly_limit,room_id=room-sensory-1,rule_id=R-WEEK count=1i,sequence=10i {(milliseconds * 1_000_000) + 10}",
            point.ToLineProtocol());
        // The same event gives the same line, whenever it is exported.
        Assert.Equal(point.ToLineProtocol(), TelemetryPoints.For(edgeEvent, edgeEvent.OccurredAt.ToDateTime(), Room, _ => null)!.ToLineProtocol());
    }

    [Fact]
    public void Two_events_of_one_series_in_the_same_millisecond_keep_distinct_timestamps_by_their_sequence()
    {
        var at = new DateTime(2026, 11, 24, 9, 0, 1, 250, DateTimeKind.Utc).AddTicks(4_321);
        var first = Offline(41, at);
        var second = Offline(42, at);

        var timestamps = new[] { first, second }.Select(e => TelemetryPoints.For(e, at, Room, _ => null)!.TimestampNs).ToList();

        var milliseconds = new DateTimeOffset(2026, 11, 24, 9, 0, 1, 250, TimeSpan.Zero).ToUnixTimeMilliseconds();
        Assert.Equal([(milliseconds * 1_000_000) + 41, (milliseconds * 1_000_000) + 42], timestamps);
        Assert.Equal((milliseconds * 1_000_000) + 1, TelemetryPoints.TimestampNs(at, 1_000_001));
    }

    [Fact]
    public void Kinds_outside_the_schema_give_no_point()
    {
        foreach (var edgeEvent in new[] { TelemetryEvents.Occupancy(1, true), TelemetryEvents.PupilJoined(2, "s", "p-3f9a1c"), TelemetryEvents.Extended(3, "s", 25) })
        {
            Assert.Null(TelemetryPoints.For(edgeEvent, DateTime.UtcNow, Room, _ => null));
        }
    }

    [Fact]
    public void Tag_values_are_escaped_and_the_overrides_typed_reason_is_never_written()
    {
        var edgeEvent = TelemetryEvents.Overridden(12, "R SCHED,x=1");
        var line = TelemetryPoints.For(edgeEvent, edgeEvent.OccurredAt.ToDateTime(), Room, _ => null)!.ToLineProtocol();

        Assert.Contains(@"rule_id=R\ SCHED\,x\=1 ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Taras", line, StringComparison.Ordinal);
        Assert.DoesNotContain("p-3f9a1c", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_session_that_ended_without_a_record_is_written_with_unspecified_kind_and_zero_plan()
    {
        var edgeEvent = TelemetryEvents.SessionEnded(15, "s-unknown", actualSeconds: 60, overrunSeconds: 0);
        var point = TelemetryPoints.For(edgeEvent, edgeEvent.OccurredAt.ToDateTime(), Room, _ => null)!;

        Assert.Equal("unspecified", point.Tags["kind"]);
        Assert.Equal((0L, 0L, 60L), (point.Fields["planned_minutes"], point.Fields["pupils"], point.Fields["actual_seconds"]));
    }

    private static EdgeEvent Offline(long sequence, DateTime at) => new()
    {
        Sequence = sequence,
        OccurredAt = Timestamp.FromDateTime(at),
        RoomId = "room-sensory-1",
        DeviceAvailabilityChanged = new DeviceAvailabilityChanged { Device = "lamp", Online = false },
    };
}
