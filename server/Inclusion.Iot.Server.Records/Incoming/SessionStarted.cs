using Inclusion.Iot.Server.Data;

namespace Inclusion.Iot.Server.Records.Incoming;

/// <summary>A session started: its kind, pupils, escorts, planned length, scene and programme entries.</summary>
public sealed record SessionStarted(
    string SessionId,
    SessionKind Kind,
    IReadOnlyList<string> PupilIds,
    IReadOnlyList<string> EscortStaffIds,
    int PlannedMinutes,
    int Brightness,
    int ColorTempMireds,
    IReadOnlyList<string> ProgrammeEntryIds,
    string? PlannedLimitedBy) : EventBody;
