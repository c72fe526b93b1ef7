namespace Inclusion.Iot.FirmwareSim.Tests;

internal static class Paths
{
    /// <summary>The scenarios as copied to the simulator's output (the test references the project, so they land next to the tests too).</summary>
    public static string Scenarios => Path.Combine(AppContext.BaseDirectory, "scenarios");

    public static string Scenario(string name) => Path.Combine(Scenarios, name);
}
