namespace Inclusion.Iot.Server.Api;

/// <summary>Section <c>Demo</c>.</summary>
public sealed class DemoOptions
{
    public const string SectionName = "Demo";

    /// <summary>Seed the demo organisation (idempotent: an existing one is left as it is).</summary>
    public bool Seed { get; set; }
}
