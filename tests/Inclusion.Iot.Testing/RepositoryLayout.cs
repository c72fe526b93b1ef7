namespace Inclusion.Iot.Testing;

/// <summary>
/// Where the repository's sources and build outputs are, found from the test assembly's own location
/// (<c>…/bin/&lt;configuration&gt;/&lt;framework&gt;/</c>): the root is the directory holding <c>Inclusion.Iot.sln</c>.
/// </summary>
public static class RepositoryLayout
{
    private static readonly string[] BaseDirectoryParts =
        AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);

    public static string Root { get; } = FindRoot();

    /// <summary>The configuration (Debug/Release) this test assembly was built in; the programs under test are used from the same one.</summary>
    public static string Configuration { get; } = BaseDirectoryPart(afterBin: 1) ?? "Release";

    /// <summary>The target framework this test assembly was built for (net10.0).</summary>
    public static string Framework { get; } = BaseDirectoryPart(afterBin: 2) ?? "net10.0";

    public static string DemoRoomFile => Path.Combine(Root, "deploy", "demo", "room.json");

    /// <summary>A project's source directory, e.g. <c>Project("server/Inclusion.Iot.Server.Api")</c>.</summary>
    public static string Project(string projectDirectory) => Path.Combine(Root, projectDirectory);

    /// <summary>A project's build output in <see cref="Configuration"/>; throws if it has not been built.</summary>
    public static string Output(string projectDirectory)
    {
        var directory = Path.Combine(Project(projectDirectory), "bin", Configuration, Framework);
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

        throw new DirectoryNotFoundException($"Inclusion.Iot.sln not found above {AppContext.BaseDirectory}.");
    }

    private static string? BaseDirectoryPart(int afterBin)
    {
        var bin = Array.LastIndexOf(BaseDirectoryParts, "bin");
        return bin >= 0 && bin + afterBin < BaseDirectoryParts.Length ? BaseDirectoryParts[bin + afterBin] : null;
    }
}
