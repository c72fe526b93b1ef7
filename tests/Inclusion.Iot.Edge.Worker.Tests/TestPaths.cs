using Inclusion.Iot.Testing;

namespace Inclusion.Iot.Edge.Worker.Tests;

internal static class TestPaths
{
    public static string DemoRoomFile => RepositoryLayout.DemoRoomFile;

    public static string WorkerProject => RepositoryLayout.Project("edge/Inclusion.Iot.Edge.Worker");
}
