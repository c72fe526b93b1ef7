namespace Inclusion.Iot.Server.Data;

/// <summary>A pupil in a session. No foreign key to the pupil: an event from an edge with an older
/// configuration is still recorded as it happened.</summary>
public sealed class SessionPupil
{
    public required string SessionId { get; set; }

    public required string PupilId { get; set; }
}
