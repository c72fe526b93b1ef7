using Inclusion.Iot.Server.Data;

namespace Inclusion.Iot.Server.Records.Configuration;

/// <summary>R-SCHED: one of the pupil's weekly slots in this room (ISO day 1..7, minutes from local midnight).</summary>
public sealed record ConfiguredScheduleSlot(int IsoDayOfWeek, int StartMinute, int DurationMinutes, SessionKind Kind, string? StaffId);
