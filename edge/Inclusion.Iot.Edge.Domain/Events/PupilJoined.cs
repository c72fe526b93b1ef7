namespace Inclusion.Iot.Edge.Domain.Events;

/// <summary>A pupil joined a running session (a group, or the first pupil of a session started on the panel).</summary>
public sealed record PupilJoined(DateTimeOffset OccurredAt, string SessionId, string PupilId, string EscortStaffId, string ProgrammeEntryId) : RoomEvent(OccurredAt)
{
    /// <summary>A pupil without a badge, added by the session's escort on the panel.</summary>
    public bool AddedOnPanel { get; init; }
}
