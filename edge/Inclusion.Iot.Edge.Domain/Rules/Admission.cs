using Inclusion.Iot.Edge.Domain.Configuration;
using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Domain.Rules;

/// <summary>
/// A pupil asking to come in: who they are, the escorts who could bring them (waiting at the door, or the running
/// session's), the session they would join (null: a new one) and the kind it would be after they join.
/// </summary>
public sealed record Admission(PupilCard Pupil, IReadOnlyList<StaffCard> Escorts, RunningSession? Session, SessionKind Kind, RoomSnapshot Snapshot, DateTimeOffset Now)
{
    /// <summary>The room as it is (its session log counts this week's sessions on this edge).</summary>
    public RoomState State { get; init; } = RoomState.Initial;

    /// <summary>Rule ids set aside for this admission by an override (only overridable rules honour it).</summary>
    public IReadOnlySet<string> Overridden { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Pupils in the room once this one is in.</summary>
    public int PupilsAfter => (Session?.Pupils.Count ?? 0) + 1;
}
