namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>The kinds of session a room runs (domain.md: individual, group, unloading R-UNLOAD, open use R-OPEN).</summary>
public enum SessionKind
{
    Individual,
    Group,
    Unloading,
    OpenUse,
}
