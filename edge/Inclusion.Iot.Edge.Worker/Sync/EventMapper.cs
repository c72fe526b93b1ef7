using Google.Protobuf.WellKnownTypes;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Edge.Domain.Room;
using D = Inclusion.Iot.Edge.Domain.Events;

namespace Inclusion.Iot.Edge.Worker.Sync;

/// <summary>Domain events → contract <c>EdgeEvent</c> bodies, 1:1. The sequence is added at upload.</summary>
public static class EventMapper
{
    public static EdgeEvent ToContract(D.RoomEvent roomEvent, string roomId, long monotonicMs, bool clockSynchronised)
    {
        ArgumentNullException.ThrowIfNull(roomEvent);
        var result = new EdgeEvent
        {
            OccurredAt = Timestamp.FromDateTimeOffset(roomEvent.OccurredAt),
            MonotonicMs = monotonicMs,
            ClockSynchronised = clockSynchronised,
            RoomId = roomId,
        };
        switch (roomEvent)
        {
            case D.SessionStarted e:
                result.SessionStarted = new Contracts.Edge.V1.SessionStarted
                {
                    SessionId = e.SessionId,
                    Kind = SessionKind.Individual,
                    PlannedMinutes = e.PlannedMinutes,
                    Brightness = ContractUnits.BrightnessFromPercent(e.BrightnessPercent),
                    ColorTempMireds = ContractUnits.MiredsFromKelvin(e.ColourTemperatureKelvin),
                };
                result.SessionStarted.PupilIds.AddRange(e.PupilIds);
                result.SessionStarted.EscortStaffIds.AddRange(e.EscortStaffIds);
                result.SessionStarted.ProgrammeEntryIds.AddRange(e.ProgrammeEntryIds);
                break;
            case D.SessionEnded e:
                result.SessionEnded = new Contracts.Edge.V1.SessionEnded
                {
                    SessionId = e.SessionId,
                    Reason = e.Reason switch
                    {
                        Domain.Room.SessionEndReason.EndedOnPanel => Contracts.Edge.V1.SessionEndReason.EndedOnPanel,
                        Domain.Room.SessionEndReason.EscortBadgedOut => Contracts.Edge.V1.SessionEndReason.EscortBadgedOut,
                        _ => Contracts.Edge.V1.SessionEndReason.OverrunLimit,
                    },
                    ActualSeconds = e.ActualSeconds,
                    EndedByStaffId = e.EndedByStaffId ?? string.Empty,
                };
                break;
            case D.TimerPhaseChanged e:
                result.TimerPhaseChanged = new Contracts.Edge.V1.TimerPhaseChanged { SessionId = e.SessionId, Phase = ToContract(e.Phase) };
                break;
            case D.BadgeAccepted e:
                result.BadgeAccepted = new Contracts.Edge.V1.BadgeAccepted
                {
                    Reader = e.Reader,
                    HolderKind = e.HolderKind == Domain.Room.BadgeHolderKind.Staff ? Contracts.Edge.V1.BadgeHolderKind.Staff : Contracts.Edge.V1.BadgeHolderKind.Pupil,
                    HolderId = e.HolderId,
                };
                break;
            case D.BadgeRefused e:
                result.BadgeRefused = new Contracts.Edge.V1.BadgeRefused { Reader = e.Reader, Reason = ToContract(e.Reason), HolderId = e.HolderId ?? string.Empty };
                break;
            case D.OccupancyChanged e:
                result.OccupancyChanged = new Contracts.Edge.V1.OccupancyChanged { Sensor = e.Sensor, Occupied = e.Occupied };
                break;
            case D.DeviceAvailabilityChanged e:
                result.DeviceAvailabilityChanged = new Contracts.Edge.V1.DeviceAvailabilityChanged { Device = e.Device, Online = e.Online };
                break;
            case D.DeviceInputRejected e:
                result.DeviceInputRejected = new Contracts.Edge.V1.DeviceInputRejected { Device = e.Device, Topic = e.Topic, Reason = e.Reason };
                break;
            case D.DoorChanged e:
                result.DoorChanged = new Contracts.Edge.V1.DoorChanged { Device = e.Device, Open = e.Open };
                break;
            case D.FireAlarmChanged e:
                result.FireAlarmChanged = new Contracts.Edge.V1.FireAlarmChanged { Device = e.Device, Active = e.Active };
                break;
            case D.DeviceHealthChanged e:
                result.DeviceHealthChanged = new Contracts.Edge.V1.DeviceHealthChanged
                {
                    Device = e.Device,
                    Status = e.Status switch
                    {
                        Domain.Health.DeviceStatus.Ok => DeviceHealthStatus.Ok,
                        Domain.Health.DeviceStatus.Offline => DeviceHealthStatus.Offline,
                        Domain.Health.DeviceStatus.Stale => DeviceHealthStatus.Stale,
                        _ => DeviceHealthStatus.LowBattery,
                    },
                    LastSeen = e.LastSeen is { } seen ? Timestamp.FromDateTimeOffset(seen) : null,
                    Reason = e.Reason ?? string.Empty,
                };
                if (e.BatteryPercent is { } battery) result.DeviceHealthChanged.BatteryPercent = battery;
                if (e.LinkQuality is { } quality) result.DeviceHealthChanged.LinkQuality = quality;
                break;
            case D.OccupancyIntervalStarted e:
                result.OccupancyIntervalStarted = new Contracts.Edge.V1.OccupancyIntervalStarted();
                result.OccupancyIntervalStarted.Sensors.AddRange(e.Sensors);
                break;
            case D.OccupancyIntervalEnded e:
                result.OccupancyIntervalEnded = new Contracts.Edge.V1.OccupancyIntervalEnded { StartedAt = Timestamp.FromDateTimeOffset(e.StartedAt) };
                result.OccupancyIntervalEnded.Sensors.AddRange(e.Sensors);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(roomEvent), roomEvent.GetType().Name, "No contract body for this event.");
        }

        return result;
    }

    public static Contracts.Edge.V1.TimerPhase ToContract(Domain.Room.TimerPhase phase) => phase switch
    {
        Domain.Room.TimerPhase.Running => Contracts.Edge.V1.TimerPhase.Running,
        Domain.Room.TimerPhase.FiveMinuteWarning => Contracts.Edge.V1.TimerPhase.FiveMinuteWarning,
        Domain.Room.TimerPhase.OneMinuteWarning => Contracts.Edge.V1.TimerPhase.OneMinuteWarning,
        Domain.Room.TimerPhase.Ended => Contracts.Edge.V1.TimerPhase.Ended,
        _ => Contracts.Edge.V1.TimerPhase.Overrun,
    };

    public static Contracts.Edge.V1.RefusalReason ToContract(Domain.Room.RefusalReason reason) => reason switch
    {
        Domain.Room.RefusalReason.UnknownBadge => Contracts.Edge.V1.RefusalReason.UnknownBadge,
        Domain.Room.RefusalReason.EscortRequired => Contracts.Edge.V1.RefusalReason.EscortRequired,
        Domain.Room.RefusalReason.NotPermitted => Contracts.Edge.V1.RefusalReason.NotPermitted,
        Domain.Room.RefusalReason.RoomBusy => Contracts.Edge.V1.RefusalReason.RoomBusy,
        _ => Contracts.Edge.V1.RefusalReason.NoConfiguration,
    };

    /// <summary>The kind stored with the event and used in <c>inclusion/&lt;room&gt;/event/&lt;kind&gt;</c>.</summary>
    public static string Kind(EdgeEvent edgeEvent)
    {
        ArgumentNullException.ThrowIfNull(edgeEvent);
        return edgeEvent.BodyCase switch
        {
            EdgeEvent.BodyOneofCase.EdgeStarted => "edge_started",
            EdgeEvent.BodyOneofCase.SessionStarted => "session_started",
            EdgeEvent.BodyOneofCase.SessionEnded => "session_ended",
            EdgeEvent.BodyOneofCase.TimerPhaseChanged => "timer_phase_changed",
            EdgeEvent.BodyOneofCase.BadgeAccepted => "badge_accepted",
            EdgeEvent.BodyOneofCase.BadgeRefused => "badge_refused",
            EdgeEvent.BodyOneofCase.OccupancyChanged => "occupancy_changed",
            EdgeEvent.BodyOneofCase.DeviceAvailabilityChanged => "device_availability_changed",
            EdgeEvent.BodyOneofCase.DeviceInputRejected => "device_input_rejected",
            EdgeEvent.BodyOneofCase.DoorChanged => "door_changed",
            EdgeEvent.BodyOneofCase.FireAlarmChanged => "fire_alarm_changed",
            EdgeEvent.BodyOneofCase.DeviceHealthChanged => "device_health_changed",
            EdgeEvent.BodyOneofCase.OccupancyIntervalStarted => "occupancy_interval_started",
            EdgeEvent.BodyOneofCase.OccupancyIntervalEnded => "occupancy_interval_ended",
            EdgeEvent.BodyOneofCase.OutboxRowUnreadable => "outbox_row_unreadable",
            _ => "unknown",
        };
    }
}
