namespace Inclusion.Iot.Edge.Domain.Room;

public enum BadgeHolderKind
{
    Staff,
    Pupil,
}
