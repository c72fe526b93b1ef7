using Grpc.AspNetCore.Server;
using Grpc.Core;
using Grpc.Net.Client;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Server.Api.Demo;
using Inclusion.Iot.Server.Api.Edges;
using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Incoming;
using Inclusion.Iot.Server.Records.Ingest;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Inclusion.Iot.Server.Tests;

/// <summary>
/// The gateway's group commit over gRPC on the real host and store: uploads that arrive while a commit is held share
/// the next transaction, each edge gets its own acknowledgement, and an unknown edge in the group fails only its own
/// upload.
/// </summary>
public sealed class UploadGroupCommitTests
{
    [Fact]
    public async Task Uploads_arriving_during_a_commit_share_the_next_and_an_unknown_edge_fails_only_its_own()
    {
        var gate = new GatedIngest();
        using var server = new ServerFactory(
            settings: new Dictionary<string, string?> { ["Ingest:CommitWriters"] = "1" },
            services: services =>
            {
                services.Replace(ServiceDescriptor.Scoped<IEventIngest>(provider => gate.Wrap(ActivatorUtilities.CreateInstance<EventIngest>(provider))));
                // The client certificate check is EdgeCertificateTests'; here uploads of three edges (one the records do
                // not know, which with certificates only an edge deleted meanwhile could be) must reach the group commit.
                services.PostConfigure<GrpcServiceOptions>(o => o.Interceptors.Clear());
            });
        using var channel = server.ChannelWith(null);
        var gateway = new EdgeGateway.EdgeGatewayClient(channel);
        await using (var scope = server.SystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
            var room = (await db.Edges.SingleAsync(e => e.Id == DemoSeed.EdgeId)).RoomId;
            db.Edges.Add(new Inclusion.Iot.Server.Data.Edge { Id = "edge-second", RoomId = room });
            await db.SaveChangesAsync();
        }

        // The first upload's commit is held at the gate.
        var first = gateway.UploadEventsAsync(Upload(DemoSeed.EdgeId, 1)).ResponseAsync;
        await gate.WaitForCallsAsync(1);

        // Meanwhile three more arrive: the demo edge's next, an unknown edge's, another edge's first.
        var next = gateway.UploadEventsAsync(Upload(DemoSeed.EdgeId, 2)).ResponseAsync;
        var unknown = gateway.UploadEventsAsync(Upload("edge-nobody-enrolled", 1)).ResponseAsync;
        var second = gateway.UploadEventsAsync(Upload("edge-second", 1)).ResponseAsync;
        await server.Services.GetRequiredService<UploadCommits>().WaitUntilWaitingAsync(3);
        gate.Open();

        Assert.Equal(1, (await first).AcknowledgedSequence);
        Assert.Equal(2, (await next).AcknowledgedSequence);
        Assert.Equal(1, (await second).AcknowledgedSequence);
        var refused = await Assert.ThrowsAsync<RpcException>(() => unknown);
        Assert.Equal(StatusCode.NotFound, refused.StatusCode);
        Assert.Contains("edge-nobody-enrolled", refused.Status.Detail, StringComparison.Ordinal);

        // One call held one upload; the next held all three (refused as a whole for the unknown edge, nothing of it
        // committed), then each of the three on its own.
        Assert.Equal([1, 3, 1, 1, 1], gate.CallSizes);
        await using var check = server.SystemScope();
        var stored = await check.ServiceProvider.GetRequiredService<ServerDbContext>().RawEvents.AsNoTracking()
            .OrderBy(r => r.EdgeId).ThenBy(r => r.Sequence).Select(r => new { r.EdgeId, r.Sequence }).ToListAsync();
        Assert.Equal(
            new[] { $"{DemoSeed.EdgeId}#1", $"{DemoSeed.EdgeId}#2", "edge-second#1" }.Order(StringComparer.Ordinal).ToList(),
            stored.Select(s => $"{s.EdgeId}#{s.Sequence}").Order(StringComparer.Ordinal).ToList());
        server.Logs.AssertNoUnexpectedErrors();
    }

    private static UploadEventsRequest Upload(string edgeId, long sequence) =>
        new() { EdgeId = edgeId, SentMonotonicMs = sequence * 1000, Events = { Events.Occupancy(sequence, sequence % 2 == 1) } };

    /// <summary>Holds the first ingest call at a gate the test opens; records how many uploads each call carried.</summary>
    private sealed class GatedIngest
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly SemaphoreSlim _calls = new(0);
        private readonly Lock _lock = new();

        public List<int> CallSizes { get; } = [];

        public void Open() => _open.TrySetResult();

        public async Task WaitForCallsAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                Assert.True(await _calls.WaitAsync(TimeSpan.FromSeconds(30)), "no ingest call");
            }
        }

        public IEventIngest Wrap(IEventIngest inner) => new Gated(this, inner);

        private sealed class Gated(GatedIngest gate, IEventIngest inner) : IEventIngest
        {
            public async Task<IReadOnlyList<IngestResult>> IngestAsync(IReadOnlyList<EdgeBatch> batches, CancellationToken cancellationToken)
            {
                lock (gate._lock)
                {
                    gate.CallSizes.Add(batches.Count);
                }

                gate._calls.Release();
                await gate._open.Task.WaitAsync(cancellationToken);
                return await inner.IngestAsync(batches, cancellationToken);
            }
        }
    }
}
