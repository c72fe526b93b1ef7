using Inclusion.Iot.Testing;

namespace Inclusion.Iot.Edge.Worker.Tests;

/// <summary>What every in-process edge test needs: a scratch directory and a fake server, both thrown away after each test.</summary>
public abstract class EdgeHostTests(string scratchName) : IAsyncLifetime
{
    protected ScratchDirectory Scratch { get; } = new(scratchName);

    protected FakeEdgeGateway Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await FakeEdgeGateway.StartAsync();

    /// <summary>An edge on the fake room clock in a fresh data directory, once it holds the fake server's configuration.</summary>
    protected async Task<EdgeHarness> StartConfiguredEdgeAsync(params string[] extraArgs)
    {
        var edge = new EdgeHarness(Scratch.CreateSubdirectory(Guid.NewGuid().ToString("N")), FreeTcpPort.Next(), Server.Url, extraArgs: extraArgs);
        await edge.StartAsync();
        await EdgeHarness.Until(async () => (await edge.StateAsync()).GetProperty("configurationVersion").GetInt64() == 3, "the configuration snapshot");
        return edge;
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Scratch.Dispose();
    }
}
