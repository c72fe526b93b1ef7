using Inclusion.Iot.Server.Data;

namespace Inclusion.Iot.Server.Records.Incoming;

/// <summary>A badge or panel action refused; <paramref name="RuleId"/> is null when no rule refused it (an unknown badge).</summary>
public sealed record BadgeRefused(string? Reader, RefusalReason Reason, string? HolderId, string? RuleId) : EventBody;
