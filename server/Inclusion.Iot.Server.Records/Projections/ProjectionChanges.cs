using Inclusion.Iot.Server.Data;

namespace Inclusion.Iot.Server.Records.Projections;

/// <summary>The projection rows one step created (<c>Added…</c>) and the stored ones it changed (<c>Changed…</c>).</summary>
internal sealed class ProjectionChanges
{
    public List<Session> AddedSessions { get; } = [];

    public HashSet<Session> ChangedSessions { get; } = new(ReferenceEqualityComparer.Instance);

    public List<SessionPupil> AddedPupils { get; } = [];

    public List<SessionEscort> AddedEscorts { get; } = [];

    public List<OccupancyInterval> AddedIntervals { get; } = [];

    public HashSet<OccupancyInterval> ChangedIntervals { get; } = new(ReferenceEqualityComparer.Instance);

    public List<DeviceHealth> AddedDevices { get; } = [];

    public HashSet<DeviceHealth> ChangedDevices { get; } = new(ReferenceEqualityComparer.Instance);

    public List<Decision> AddedDecisions { get; } = [];

    public HashSet<Decision> ChangedDecisions { get; } = new(ReferenceEqualityComparer.Instance);

    public List<Alert> AddedAlerts { get; } = [];

    public HashSet<Alert> ChangedAlerts { get; } = new(ReferenceEqualityComparer.Instance);
}
