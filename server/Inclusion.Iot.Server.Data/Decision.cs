namespace Inclusion.Iot.Server.Data;

/// <summary>The decisions projection: one row per BadgeRefused, RuleWarned and RuleOverridden, keyed by the edge and
/// the event's sequence. Pseudonymous ids only.</summary>
public sealed class Decision
{
    public required string EdgeId { get; set; }

    public long Sequence { get; set; }

    public required string RoomId { get; set; }

    public DecisionKind Kind { get; set; }

    /// <summary>The rule (domain.md's id, e.g. "R-WEEK"); null for a refusal no rule made (an unknown badge).</summary>
    public string? RuleId { get; set; }

    /// <summary>The refusal or warning's reason code; null for an override.</summary>
    public RefusalReason? Reason { get; set; }

    /// <summary>The reason typed on the panel for an override.</summary>
    public string? OverrideReason { get; set; }

    /// <summary>The session it concerns: a warning's own, an override's the one it admitted the pupil to.</summary>
    public string? SessionId { get; set; }

    public string? PupilId { get; set; }

    /// <summary>The overriding specialist.</summary>
    public string? StaffId { get; set; }

    /// <summary>A refused badge's holder (staff or pupil id) when it was recognised.</summary>
    public string? HolderId { get; set; }

    /// <summary>R-WEEK warnings: the pupil's sessions this week before this one, and the limit.</summary>
    public int? Count { get; set; }

    public int? Limit { get; set; }

    public DateTime OccurredAt { get; set; }

    public DateTime? EdgeOccurredAt { get; set; }

    public ClockSource ClockSource { get; set; } = ClockSource.Edge;
}
