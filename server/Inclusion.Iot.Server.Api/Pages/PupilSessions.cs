using Inclusion.Iot.Server.Records.Sessions;

namespace Inclusion.Iot.Server.Api.Pages;

/// <summary>One pupil's block on the admin page. The full name is shown to the administrator on the server only.</summary>
public sealed record PupilSessions(
    string PupilId,
    string DisplayName,
    string FullName,
    int SupportLevel,
    int WeeklySessionLimit,
    bool RequiresPersonalTutor,
    IReadOnlyList<SessionRecord> Sessions);
