using Inclusion.Iot.Edge.Domain.Configuration;

namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>A pupil in a session: pseudonymous id, panel name, the programme entry the session fulfils, their adaptations.</summary>
public sealed record SessionPupil(string PupilId, string DisplayName, string ProgrammeEntryId, SensoryProfile Profile);
