namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>A pupil who badged before their escort: they come in if an escort badges before <paramref name="Until"/>.</summary>
public sealed record WaitingPupil(string PupilId, string DisplayName, string Reader, DateTimeOffset Until);
