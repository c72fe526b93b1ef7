using Inclusion.Iot.Testing;

namespace Inclusion.Iot.Server.Tests;

/// <summary>Where the server's sources and build output are (see <see cref="RepositoryLayout"/>).</summary>
internal static class ServerLayout
{
    private const string ApiProject = "server/Inclusion.Iot.Server.Api";

    public static string ApiProjectDirectory => RepositoryLayout.Project(ApiProject);

    public static string DataProjectDirectory => RepositoryLayout.Project("server/Inclusion.Iot.Server.Data");

    /// <summary>The server's build output in the configuration this test assembly was built in (bin/Release/net10.0).</summary>
    public static string ApiOutputDirectory => RepositoryLayout.Output(ApiProject);
}
