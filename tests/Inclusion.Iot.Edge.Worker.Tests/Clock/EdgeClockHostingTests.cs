using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Edge.Worker.Hosting;
using Inclusion.Iot.Edge.Worker.Room;
using Inclusion.Iot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Edge.Worker.Tests.Clock;

/// <summary>The clock in the host: one instance, its options validated at start, its facts on EdgeStarted.</summary>
[UseUICulture("en")]
public sealed class EdgeClockHostingTests() : EdgeHostTests("edge-clock-host")
{
    [Theory]
    [InlineData("--Clock:JumpThresholdSeconds=0", "Clock:JumpThresholdSeconds: 0 is outside 1..3600.")]
    [InlineData("--Clock:SyncCheckIntervalSeconds=-1", "Clock:SyncCheckIntervalSeconds: -1 is outside 1..3600.")]
    public async Task A_bad_clock_setting_stops_start_up_naming_the_key(string setting, string message)
    {
        await using var app = EdgeApplication.Build([.. StartupArgs.For(TestPaths.DemoRoomFile, Scratch), setting]);
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains(message, e.Failures);
    }

    [Fact]
    public async Task The_edge_has_one_clock_and_records_its_facts_on_EdgeStarted()
    {
        await using var edge = new EdgeHarness(Scratch.CreateSubdirectory("data"), FreeTcpPort.Next(), Server.Url);
        await edge.StartAsync();

        var clock = edge.Services.GetRequiredService<EdgeClock>();
        Assert.Same(clock, edge.Services.GetRequiredService<EdgeClock>());
        Assert.IsType<SystemClockSyncSource>(edge.Services.GetRequiredService<IClockSyncSource>());

        await EdgeHarness.Until(() => Task.FromResult(Server.Stored.Any(e => e.BodyCase == EdgeEvent.BodyOneofCase.EdgeStarted)), "EdgeStarted on the server");
        var started = Server.Stored.First(e => e.BodyCase == EdgeEvent.BodyOneofCase.EdgeStarted);
        Assert.InRange(started.MonotonicMs, 0, clock.MonotonicMs);
        Assert.Equal(clock.Synchronised, started.ClockSynchronised);
    }
}
