using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Domain.Configuration;

/// <summary>
/// R-SCHED: one weekly slot of a pupil's approved schedule in this room, in the organisation's local time.
/// <paramref name="IsoDayOfWeek"/> is 1 (Monday) .. 7 (Sunday); <paramref name="StartMinute"/> is minutes after local midnight.
/// </summary>
public sealed record ScheduleSlot(int IsoDayOfWeek, int StartMinute, int DurationMinutes, SessionKind Kind = SessionKind.Individual, string StaffId = "");
