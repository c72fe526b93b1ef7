namespace Inclusion.Iot.Server.Data;

public enum SessionKind
{
    /// <summary>The edge did not say (an older edge); recorded as such rather than guessed.</summary>
    Unspecified = 0,

    Individual = 1,
    Group = 2,
    Unloading = 3,
    OpenUse = 4,
}
