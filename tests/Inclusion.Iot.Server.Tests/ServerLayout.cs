namespace Inclusion.Iot.Server.Tests;

/// <summary>Where the server's sources and build output are, found from the test assembly's own location.</summary>
internal static class ServerLayout
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string ApiProjectDirectory => Path.Combine(RepositoryRoot, "server", "Inclusion.Iot.Server.Api");

    public static string DataProjectDirectory => Path.Combine(RepositoryRoot, "server", "Inclusion.Iot.Server.Data");

    /// <summary>The server's build output in the configuration this test assembly was built in (bin/Release/net10.0).</summary>
    public static string ApiOutputDirectory
    {
        get
        {
            var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            return Path.Combine(ApiProjectDirectory, "bin", framework.Parent!.Name, framework.Name);
        }
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

        throw new DirectoryNotFoundException($"No Inclusion.Iot.sln above {AppContext.BaseDirectory}.");
    }
}
