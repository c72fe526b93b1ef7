namespace Inclusion.Iot.Server.Api;

/// <summary>Section <c>Demo</c>.</summary>
public sealed class DemoOptions
{
    public const string SectionName = "Demo";

    /// <summary>Seed the demo organisation (idempotent: an existing one is left as it is).</summary>
    public bool Seed { get; set; }

    /// <summary>
    /// With <see cref="Seed"/>: where the demo accounts' generated passwords are written on first run (mode 0600).
    /// Unset: no demo accounts are created.
    /// </summary>
    public string? AccountsFile { get; set; }
}
