using Grpc.Core;
using Inclusion.Iot.Contracts.Edge.V1;
using Inclusion.Iot.Edge.Worker.Options;
using Inclusion.Iot.Edge.Worker.Room;
using Inclusion.Iot.Edge.Worker.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Edge.Worker.Sync;

/// <summary>
/// Pulls the configuration at start and every <c>Server:SyncIntervalSeconds</c>; caches the snapshot; aligns the
/// outbox with the server's acknowledged sequence. While the server is unreachable, or anything else in an iteration
/// fails (the cache cannot be written, the store is damaged, a snapshot cannot be mapped), it logs and retries with
/// backoff; the room keeps running on the last configuration. It stops only on the stopping token.
/// </summary>
public sealed partial class ConfigurationSync(
    EdgeGateway.EdgeGatewayClient client,
    EdgeIdentity identity,
    ConfigurationCache cache,
    EdgeStore store,
    IOptions<EdgeOptions> edge,
    IOptions<ServerOptions> server,
    TimeProvider time,
    ILogger<ConfigurationSync> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan delay;
            try
            {
                if (!await identity.EnsureEnrolledAsync(stoppingToken).ConfigureAwait(false))
                {
                    // Not enrolled yet (the identity logged why): the room runs offline, and the enrolment is retried.
                    delay = Backoff.Delay(failures++, server.Value.MaxRetryDelaySeconds);
                    await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                await SyncOnceAsync(stoppingToken).ConfigureAwait(false);
                if (failures > 0) LogReachable(server.Value.Url);
                failures = 0;
                delay = TimeSpan.FromSeconds(server.Value.SyncIntervalSeconds);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                // Shutting down: whatever the cancelled iteration threw is not a failure to report.
                break;
            }
            catch (RpcException e)
            {
                delay = Backoff.Delay(failures++, server.Value.MaxRetryDelaySeconds);
                LogFailed(server.Value.Url, e.StatusCode, e.Status.Detail, delay.TotalSeconds);
                if (e.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied) identity.Refused(e.StatusCode, e.Status.Detail);
            }
            catch (Exception e)
            {
                delay = Backoff.Delay(failures++, server.Value.MaxRetryDelaySeconds);
                LogIterationFailed(e, e.GetType().Name, delay.TotalSeconds);
            }

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

    public async Task SyncOnceAsync(CancellationToken cancellationToken)
    {
        var response = await client.GetConfigurationAsync(
            new GetConfigurationRequest { EdgeId = edge.Value.EdgeId, KnownVersion = cache.Version, SoftwareVersion = RoomService.SoftwareVersion },
            deadline: time.GetUtcNow().UtcDateTime.AddSeconds(10),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!response.Unchanged && response.Snapshot is not null)
        {
            cache.Store(response.Snapshot);
            LogSnapshot(response.Snapshot.Version);
        }

        cache.Confirm(response.WeekCounts);

        store.AlignWithServer(response.AcknowledgedSequence);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Configuration snapshot version {Version} received")]
    private partial void LogSnapshot(long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Configuration sync with {Url} failed ({Status}: {Detail}); retrying in {Seconds} s")]
    private partial void LogFailed(string url, StatusCode status, string detail, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Configuration sync iteration failed ({Kind}); keeping the last configuration, retrying in {Seconds} s")]
    private partial void LogIterationFailed(Exception exception, string kind, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Server {Url} reachable again")]
    private partial void LogReachable(string url);
}
