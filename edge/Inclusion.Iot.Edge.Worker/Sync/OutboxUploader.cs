using Grpc.Core;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Edge.Worker.Options;
using Inclusion.Iot.Edge.Worker.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Edge.Worker.Sync;

/// <summary>
/// Drains the outbox to the server in ascending batches of <c>Server:UploadBatchSize</c> and marks events
/// acknowledged up to the server's acknowledged sequence. Waits until the outbox is aligned with the server;
/// retries with backoff while it is unreachable. Nothing is deleted before the server holds it.
/// </summary>
public sealed partial class OutboxUploader(
    EdgeGateway.EdgeGatewayClient client,
    EdgeStore store,
    IOptions<EdgeOptions> edge,
    IOptions<ServerOptions> server,
    TimeProvider time,
    ILogger<OutboxUploader> logger) : BackgroundService
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = IdlePoll;
            try
            {
                if (store.IsAligned && await UploadOnceAsync(stoppingToken).ConfigureAwait(false) > 0)
                {
                    delay = TimeSpan.Zero;
                }

                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (RpcException e)
            {
                delay = Backoff.Delay(failures++, server.Value.MaxRetryDelaySeconds);
                LogFailed(e.StatusCode, e.Status.Detail, store.CountUnacknowledged(), delay.TotalSeconds);
            }

            if (delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    /// <summary>Uploads one batch; returns how many events the server newly acknowledged.</summary>
    public async Task<int> UploadOnceAsync(CancellationToken cancellationToken)
    {
        var batch = store.Unacknowledged(server.Value.UploadBatchSize);
        if (batch.Count == 0) return 0;
        var request = new UploadEventsRequest { EdgeId = edge.Value.EdgeId };
        foreach (var entry in batch)
        {
            var edgeEvent = EdgeEvent.Parser.ParseFrom(entry.Payload);
            edgeEvent.Sequence = entry.Sequence;
            request.Events.Add(edgeEvent);
        }

        var response = await client.UploadEventsAsync(request, deadline: time.GetUtcNow().UtcDateTime.AddSeconds(30), cancellationToken: cancellationToken).ConfigureAwait(false);
        store.MarkAcknowledged(response.AcknowledgedSequence);
        var acknowledged = batch.Count(e => e.Sequence <= response.AcknowledgedSequence);
        LogUploaded(batch[0].Sequence, batch[^1].Sequence, response.AcknowledgedSequence);
        return acknowledged;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Uploaded events {First}..{Last}; server acknowledged up to {Acknowledged}")]
    private partial void LogUploaded(long first, long last, long acknowledged);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload failed ({Status}: {Detail}); {Pending} events kept, retrying in {Seconds} s")]
    private partial void LogFailed(StatusCode status, string detail, int pending, double seconds);
}
