namespace Inclusion.Iot.FirmwareSim.Tests;

internal static class Paths
{
    /// <summary>The repository root (found from the test binary upwards).</summary>
    public static string Root { get; } = FindRoot();

    public static string RoomFile => Path.Combine(Root, "deploy", "demo", "room.json");

    /// <summary>The scenarios as copied to the simulator's output (the test references the project, so they land next to the tests too).</summary>
    public static string Scenarios => Path.Combine(AppContext.BaseDirectory, "scenarios");

    public static string Scenario(string name) => Path.Combine(Scenarios, name);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Inclusion.Iot.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Inclusion.Iot.sln not found above " + AppContext.BaseDirectory);
    }
}
