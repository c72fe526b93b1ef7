using Grpc.Core;
using Grpc.Net.Client;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Server.Api.Demo;
using Inclusion.Iot.Server.Api.Edges;
using Inclusion.Iot.Server.Records.Incoming;
using Inclusion.Iot.Server.Records.Ingest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Inclusion.Iot.Server.Tests;

/// <summary>Ingest is bounded: beyond <c>Ingest:MaxConcurrentUploads</c> an upload is refused with a retry hint, not queued.</summary>
public sealed class IngestBackpressureTests
{
    [Fact]
    public async Task Uploads_beyond_the_limit_are_answered_resource_exhausted_with_a_retry_hint_and_the_limit_recovers()
    {
        var gate = new BlockingIngest();
        using var server = new ServerFactory(
            settings: new Dictionary<string, string?> { ["Ingest:MaxConcurrentUploads"] = "2", ["Ingest:MaxQueuedUploads"] = "1", ["Ingest:RetryAfterMilliseconds"] = "250" },
            services: services => services.Replace(ServiceDescriptor.Scoped<IEventIngest>(_ => gate)));
        using var channel = await server.EdgeChannelAsync();
        var gateway = new EdgeGateway.EdgeGatewayClient(channel);
        var upload = new UploadEventsRequest { EdgeId = DemoSeed.EdgeId, Events = { Events.Occupancy(1, true) } };

        // Two uploads take both slots and are held inside ingest by the barrier.
        var held = new[] { gateway.UploadEventsAsync(upload).ResponseAsync, gateway.UploadEventsAsync(upload).ResponseAsync };
        await gate.WaitForEnteredAsync(2);

        // The third waits in the queue (its one place); the fourth is refused with the hint, at once.
        var queued = gateway.UploadEventsAsync(upload).ResponseAsync;
        await server.Services.GetRequiredService<IngestLimiter>().WaitUntilQueuedAsync(1);
        var refused = await Assert.ThrowsAsync<RpcException>(() => gateway.UploadEventsAsync(upload).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Equal("250", refused.Trailers.GetValue("retry-after-ms"));
        Assert.Equal(2, gate.Entered);
        Assert.False(queued.IsCompleted);

        gate.Release();
        Assert.All(await Task.WhenAll(held), r => Assert.Equal(1, r.AcknowledgedSequence));
        Assert.Equal(1, (await queued).AcknowledgedSequence);
        Assert.Equal(1, (await gateway.UploadEventsAsync(upload)).AcknowledgedSequence);
        Assert.Equal(4, gate.Entered);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5000)]
    public void An_unusable_limit_is_refused_at_start_naming_the_key(int limit)
    {
        var refused = new IngestOptionsValidation().Validate(null, new IngestOptions { MaxConcurrentUploads = limit });
        Assert.True(refused.Failed);
        Assert.Contains("Ingest:MaxConcurrentUploads", refused.FailureMessage, StringComparison.Ordinal);
        Assert.True(new IngestOptionsValidation().Validate(null, new IngestOptions()).Succeeded);
    }

    /// <summary>An ingest that holds every upload until the test releases it; it counts uploads (batches), which the
    /// group commit may bring several to a call.</summary>
    private sealed class BlockingIngest : IEventIngest
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly SemaphoreSlim _entered = new(0);
        private int _count;

        public int Entered => Volatile.Read(ref _count);

        public async Task<IReadOnlyList<IngestResult>> IngestAsync(IReadOnlyList<EdgeBatch> batches, CancellationToken cancellationToken)
        {
            Interlocked.Add(ref _count, batches.Count);
            _entered.Release(batches.Count);
            await _release.Task.WaitAsync(cancellationToken);
            return [.. batches.Select(_ => new IngestResult(1, 1, 0, null))];
        }

        public async Task WaitForEnteredAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                Assert.True(await _entered.WaitAsync(TimeSpan.FromSeconds(30)), "An upload did not reach ingest.");
            }
        }

        public void Release() => _release.SetResult();
    }
}
