namespace Inclusion.Iot.Server.Records.Sessions;

/// <summary>
/// A session as <c>GET /api/sessions</c> returns it (camelCase JSON). Pupils by pseudonymous id and panel display
/// name only. <see cref="EndedAt"/>, <see cref="EndReason"/> and <see cref="ActualSeconds"/> are null while it runs.
/// <see cref="Kind"/> is <c>individual|group|unloading|open_use|unspecified</c>; <see cref="EndReason"/> is
/// <c>ended_on_panel|escort_badged_out|overrun_limit|aborted_on_panel|all_pupils_left|unspecified</c>.
/// </summary>
public sealed record SessionRecord(
    string SessionId,
    string RoomId,
    string RoomName,
    IReadOnlyList<string> PupilIds,
    IReadOnlyList<string> PupilDisplayNames,
    IReadOnlyList<string> EscortStaffIds,
    string Kind,
    int PlannedMinutes,
    DateTime StartedAt,
    DateTime? EndedAt,
    string? EndReason,
    int? ActualSeconds);
