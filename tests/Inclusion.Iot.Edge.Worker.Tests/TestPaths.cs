namespace Inclusion.Iot.Edge.Worker.Tests;

internal static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string DemoRoomFile => Path.Combine(RepositoryRoot, "deploy", "demo", "room.json");

    public static string WorkerProject => Path.Combine(RepositoryRoot, "edge", "Inclusion.Iot.Edge.Worker");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Directory.Packages.props")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Repository root not found above " + AppContext.BaseDirectory);
    }
}
