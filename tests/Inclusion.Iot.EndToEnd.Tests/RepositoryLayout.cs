namespace Inclusion.Iot.EndToEnd.Tests;

/// <summary>Where the built programs under test are: the same configuration (Debug/Release) as this test assembly.</summary>
internal static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    public static string Configuration { get; } = FindConfiguration();

    public static string ServerDirectory => Output("server/Inclusion.Iot.Server.Api");

    public static string EdgeDirectory => Output("edge/Inclusion.Iot.Edge.Worker");

    public static string FirmwareSimDirectory => Output("firmware-sim/Inclusion.Iot.FirmwareSim");

    public static string DemoRoomFile => Path.Combine(Root, "deploy", "demo", "room.json");

    private static string Output(string project)
    {
        var directory = Path.Combine(Root, project, "bin", Configuration, "net10.0");
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"{directory} is missing: build the solution first (./test.sh does).");
        }

        return directory;
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Inclusion.Iot.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Inclusion.Iot.sln not found above {AppContext.BaseDirectory}.");
    }

    private static string FindConfiguration()
    {
        var parts = AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var bin = Array.LastIndexOf(parts, "bin");
        return bin >= 0 && bin + 1 < parts.Length ? parts[bin + 1] : "Release";
    }
}
