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
                    Kind = ToContract(e.Kind),
                    PlannedMinutes = e.PlannedMinutes,
                    Brightness = ContractUnits.BrightnessFromPercent(e.BrightnessPercent),
                    ColorTempMireds = ContractUnits.MiredsFromKelvin(e.ColourTemperatureKelvin),
                    PlannedLimitedBy = e.PlannedLimitedBy ?? string.Empty,
                };
                result.SessionStarted.PupilIds.AddRange(e.PupilIds);
                result.SessionStarted.EscortStaffIds.AddRange(e.EscortStaffIds);
                result.SessionStarted.ProgrammeEntryIds.AddRange(e.ProgrammeEntryIds);
                break;
            case D.SessionEnded e:
                result.SessionEnded = new Contracts.Edge.V1.SessionEnded
                {
                    SessionId = e.SessionId,
                    Reason = Same<Contracts.Edge.V1.SessionEndReason>(e.Reason),
                    ActualSeconds = e.ActualSeconds,
                    EndedByStaffId = e.EndedByStaffId ?? string.Empty,
                    OverrunSeconds = e.OverrunSeconds,
                };
                break;
            case D.PupilJoined e:
                result.PupilJoined = new Contracts.Edge.V1.PupilJoined { SessionId = e.SessionId, PupilId = e.PupilId, EscortStaffId = e.EscortStaffId, ProgrammeEntryId = e.ProgrammeEntryId, AddedOnPanel = e.AddedOnPanel };
                break;
            case D.PupilLeft e:
                result.PupilLeft = new Contracts.Edge.V1.PupilLeft { SessionId = e.SessionId, PupilId = e.PupilId };
                break;
            case D.EscortJoined e:
                result.EscortJoined = new Contracts.Edge.V1.EscortJoined { SessionId = e.SessionId, StaffId = e.StaffId };
                break;
            case D.EscortLeft e:
                result.EscortLeft = new Contracts.Edge.V1.EscortLeft { SessionId = e.SessionId, StaffId = e.StaffId };
                break;
            case D.SessionExtended e:
                result.SessionExtended = new Contracts.Edge.V1.SessionExtended { SessionId = e.SessionId, AddedMinutes = e.AddedMinutes, PlannedMinutes = e.PlannedMinutes };
                break;
            case D.SessionReplanned e:
                result.SessionReplanned = new Contracts.Edge.V1.SessionReplanned
                {
                    SessionId = e.SessionId,
                    Kind = ToContract(e.Kind),
                    PlannedMinutes = e.PlannedMinutes,
                    Brightness = ContractUnits.BrightnessFromPercent(e.BrightnessPercent),
                    ColorTempMireds = ContractUnits.MiredsFromKelvin(e.ColourTemperatureKelvin),
                    PlannedLimitedBy = e.PlannedLimitedBy ?? string.Empty,
                };
                break;
            case D.RuleWarned e:
                result.RuleWarned = new Contracts.Edge.V1.RuleWarned
                {
                    RuleId = e.RuleId,
                    PupilId = e.PupilId,
                    SessionId = e.SessionId,
                    Reason = ToContract(e.Reason),
                    Count = e.Count,
                    Limit = e.Limit,
                };
                break;
            case D.PupilWaiting e:
                result.PupilWaiting = new Contracts.Edge.V1.PupilWaiting { Reader = e.Reader, PupilId = e.PupilId };
                break;
            case D.AlertRaised e:
                result.AlertRaised = new Contracts.Edge.V1.AlertRaised { Kind = ToContract(e.Kind), Since = Timestamp.FromDateTimeOffset(e.Since) };
                break;
            case D.AlertCleared e:
                result.AlertCleared = new Contracts.Edge.V1.AlertCleared
                {
                    Kind = ToContract(e.Kind),
                    RaisedAt = Timestamp.FromDateTimeOffset(e.RaisedAt),
                    SecondsToClear = e.SecondsToClear,
                    StaffId = e.StaffId ?? string.Empty,
                };
                break;
            case D.RuleOverridden e:
                result.RuleOverridden = new Contracts.Edge.V1.RuleOverridden { RuleId = e.RuleId, PupilId = e.PupilId, StaffId = e.StaffId, Reason = e.Reason };
                break;
            case D.FireAlarmReset:
                result.FireAlarmReset = new Contracts.Edge.V1.FireAlarmReset();
                break;
            case D.ClockJumped e:
                result.ClockJumped = new Contracts.Edge.V1.ClockJumped { DeltaMs = (long)e.Delta.TotalMilliseconds, Synchronised = e.Synchronised };
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
                result.BadgeRefused = new Contracts.Edge.V1.BadgeRefused { Reader = e.Reader, Reason = ToContract(e.Reason), HolderId = e.HolderId ?? string.Empty, RuleId = e.RuleId ?? string.Empty };
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
                    Status = Same<DeviceHealthStatus>(e.Status),
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

    public static Contracts.Edge.V1.TimerPhase ToContract(Domain.Room.TimerPhase phase) => Same<Contracts.Edge.V1.TimerPhase>(phase);

    public static Contracts.Edge.V1.RefusalReason ToContract(Domain.Room.RefusalReason reason) => Same<Contracts.Edge.V1.RefusalReason>(reason);

    public static Contracts.Edge.V1.AlertKind ToContract(Domain.Room.AlertKind kind) => Same<Contracts.Edge.V1.AlertKind>(kind);

    public static Contracts.Edge.V1.SessionKind ToContract(Domain.Room.SessionKind kind) => Same<Contracts.Edge.V1.SessionKind>(kind);

    /// <summary>A schedule slot's kind (an unspecified one is individual).</summary>
    public static Domain.Room.SessionKind ToDomain(Contracts.Edge.V1.SessionKind kind) =>
        kind == Contracts.Edge.V1.SessionKind.Unspecified ? Domain.Room.SessionKind.Individual : Same<Domain.Room.SessionKind>(kind);

    /// <summary>
    /// A domain value as the contract's value of the same name (the contract's enums name the domain's one for one). A value
    /// the contract lacks throws, so the event is not recorded and the decision is undone, rather than recorded as another.
    /// </summary>
    private static T Same<T>(System.Enum value)
        where T : struct, System.Enum => System.Enum.Parse<T>(value.ToString());

    /// <summary>The kind stored with the event and used in <c>inclusion/&lt;room&gt;/event/&lt;kind&gt;</c>.</summary>
    public static string Kind(EdgeEvent edgeEvent)
    {
        ArgumentNullException.ThrowIfNull(edgeEvent);
        // The body's field name in the contract, e.g. session_started.
        return edgeEvent.BodyCase == EdgeEvent.BodyOneofCase.None
            ? "unknown"
            : EdgeEvent.Descriptor.FindFieldByNumber((int)edgeEvent.BodyCase).Name;
    }
}
