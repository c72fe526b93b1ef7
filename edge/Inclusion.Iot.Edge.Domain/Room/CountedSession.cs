namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>
/// A session a pupil took part in on this edge, for R-WEEK's count until the server's count includes it: started (or joined)
/// at <paramref name="StartedAt"/>, of <paramref name="Kind"/>. An aborted session is taken out again.
/// </summary>
public sealed record CountedSession(string SessionId, string PupilId, SessionKind Kind, DateTimeOffset StartedAt);
