using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
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
/// acknowledged up to the server's acknowledged sequence: back to back while full batches are pending, otherwise one
/// call every half second with whatever is pending. Waits until the outbox is aligned with the server;
/// retries with backoff while it is unreachable. Nothing is deleted before the server holds it. Any failure of an
/// iteration (the server, the store) is logged and retried with backoff; the loop stops only on the stopping token.
/// A row whose payload is not an <c>EdgeEvent</c> is quarantined (<see cref="EdgeStore.Quarantine"/>) and uploaded as
/// <c>OutboxRowUnreadable</c> under its own sequence, so the rest drains.
/// </summary>
public sealed partial class OutboxUploader(
    EdgeGateway.EdgeGatewayClient client,
    EdgeStore store,
    ConfigurationCache cache,
    Room.EdgeClock clock,
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
                // A full batch acknowledged means a backlog (after an outage, a burst): the next goes at once. Anything less
                // waits the poll, so a busy room sends what it recorded meanwhile in one call and one server commit, not a
                // call per decision: back to back, the uploads' TLS, the server's ingest and its syncs competed with the
                // decisions for the cores and the disk (bench/edge.sh, 5,000 badges: edge p99 12.8 ms uploading without
                // pause, 3.3 ms with no uploads at all).
                if (store.IsAligned && await UploadOnceAsync(stoppingToken).ConfigureAwait(false) >= server.Value.UploadBatchSize)
                {
                    delay = TimeSpan.Zero;
                }

                failures = 0;
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                // Shutting down: whatever the cancelled iteration threw is not a failure to report.
                break;
            }
            catch (RpcException e)
            {
                // A busy server says how long to wait; otherwise the delay doubles.
                delay = Backoff.ServerHint(e, server.Value.MaxRetryDelaySeconds) ?? Backoff.Delay(failures++, server.Value.MaxRetryDelaySeconds);
                LogFailed(e.StatusCode, e.Status.Detail, PendingOrUnknown(), delay.TotalSeconds);
            }
            catch (Exception e)
            {
                // A damaged store or anything else unforeseen: the edge keeps recording and retries, it never stops here.
                delay = Backoff.Delay(failures++, server.Value.MaxRetryDelaySeconds);
                LogIterationFailed(e, e.GetType().Name, delay.TotalSeconds);
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
            var edgeEvent = Read(entry);
            edgeEvent.Sequence = entry.Sequence;
            request.Events.Add(edgeEvent);
        }

        request.SentMonotonicMs = clock.MonotonicMs;
        var response = await client.UploadEventsAsync(request, deadline: time.GetUtcNow().UtcDateTime.AddSeconds(30), cancellationToken: cancellationToken).ConfigureAwait(false);
        store.MarkAcknowledged(response.AcknowledgedSequence);
        var acknowledged = batch.Count(e => e.Sequence <= response.AcknowledgedSequence);
        LogUploaded(batch[0].Sequence, batch[^1].Sequence, response.AcknowledgedSequence);
        return acknowledged;
    }

    /// <summary>The row's event, or — when its payload does not parse — the quarantine's stand-in, recorded before it is sent.</summary>
    private EdgeEvent Read(OutboxEntry entry)
    {
        try
        {
            return EdgeEvent.Parser.ParseFrom(entry.Payload);
        }
        catch (InvalidProtocolBufferException e)
        {
            var reason = $"outbox row {entry.Sequence} unreadable: {e.Message}";
            var standIn = new EdgeEvent
            {
                OccurredAt = Timestamp.FromDateTimeOffset(entry.OccurredAt ?? time.GetUtcNow()),
                ClockSynchronised = false,
                RoomId = cache.Room?.RoomId ?? string.Empty,
                OutboxRowUnreadable = new OutboxRowUnreadable { Kind = entry.Kind, PayloadBytes = entry.Payload.Length, Reason = reason },
            };
            if (store.Quarantine(entry.Sequence, reason, EventMapper.Kind(standIn), standIn.ToByteArray()))
            {
                LogQuarantined(e, entry.Sequence, entry.Kind, entry.Payload.Length);
            }

            return standIn;
        }
    }

    private string PendingOrUnknown()
    {
        try
        {
            return store.CountUnacknowledged().ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception)
        {
            // Only for the log line; the loop's own catch must not throw.
            return "unknown (the store is unreadable)";
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Uploaded events {First}..{Last}; server acknowledged up to {Acknowledged}")]
    private partial void LogUploaded(long first, long last, long acknowledged);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload failed ({Status}: {Detail}); {Pending} events kept, retrying in {Seconds} s")]
    private partial void LogFailed(StatusCode status, string detail, string pending, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox upload iteration failed ({Kind}); retrying in {Seconds} s")]
    private partial void LogIterationFailed(Exception exception, string kind, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox row {Sequence} ({Kind}, {Bytes} bytes) is unreadable; its raw bytes are kept in outbox_quarantine and an OutboxRowUnreadable event is uploaded in its place")]
    private partial void LogQuarantined(Exception exception, long sequence, string kind, int bytes);
}
