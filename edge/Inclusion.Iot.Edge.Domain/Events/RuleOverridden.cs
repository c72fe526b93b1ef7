namespace Inclusion.Iot.Edge.Domain.Events;

/// <summary>A specialist set a rule aside for a pupil's admission, with the reason they typed (audited at the server).</summary>
public sealed record RuleOverridden(DateTimeOffset OccurredAt, string RuleId, string PupilId, string StaffId, string Reason) : RoomEvent(OccurredAt);
