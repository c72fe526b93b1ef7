using Inclusion.Iot.Testing;

namespace Inclusion.Iot.Edge.Worker.Tests;

/// <summary>What every in-process edge test needs: a scratch directory and a fake server, both thrown away after each test.</summary>
public abstract class EdgeHostTests(string scratchName) : IAsyncLifetime
{
    protected ScratchDirectory Scratch { get; } = new(scratchName);

    protected FakeEdgeGateway Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await FakeEdgeGateway.StartAsync();

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Scratch.Dispose();
    }
}
