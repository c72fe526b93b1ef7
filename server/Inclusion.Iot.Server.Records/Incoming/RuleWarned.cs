using Inclusion.Iot.Server.Data;

namespace Inclusion.Iot.Server.Records.Incoming;

/// <summary>A rule in warn mode was broken and the pupil admitted; count and limit as R-WEEK counted them.</summary>
public sealed record RuleWarned(string RuleId, string? PupilId, string? SessionId, RefusalReason Reason, int Count, int Limit) : EventBody;
