using Inclusion.Iot.Testing;

namespace Inclusion.Iot.Edge.Worker.Tests;

/// <summary>Command-line arguments that start an edge on free ports with no server: for the start-up validation tests.</summary>
internal static class StartupArgs
{
    public static string[] For(string roomFile, ScratchDirectory scratch) =>
    [
        $"--Edge:RoomConfigPath={roomFile}",
        $"--Edge:DataDirectory={scratch.CreateSubdirectory("data")}",
        $"--Panel:Url=http://127.0.0.1:{FreeTcpPort.Next()}",
        $"--Mqtt:Port={FreeTcpPort.Next()}",
        "--Server:Url=https://127.0.0.1:1",
        $"--Server:CaCertificatePath={FakeEdgeGateway.CaPath}",
        "--Logging:LogLevel:Default=None",
    ];

    /// <summary>Runs the built edge as a process on a room file with an unknown role; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output, string RoomFile)> RunWithBadRoleAsync(ScratchDirectory scratch, string lcAll)
    {
        var path = scratch.File("room.json");
        await File.WriteAllTextAsync(path, """{ "schemaVersion": 1, "roomId": "r", "devices": [ { "name": "a", "role": "fan", "driver": "zigbee2mqtt", "topic": "a" } ] }""");
        var worker = Path.Combine(AppContext.BaseDirectory, "Inclusion.Iot.Edge.Worker.dll");
        await using var process = ChildProcess.Start(
            "dotnet", [worker, .. For(path, scratch)], workingDirectory: AppContext.BaseDirectory,
            environment: new Dictionary<string, string> { ["LC_ALL"] = lcAll });
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (exitCode, process.Output, path);
    }
}
