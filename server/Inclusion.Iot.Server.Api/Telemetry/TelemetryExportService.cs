using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Server.Api.Telemetry;

/// <summary>
/// Runs the <see cref="TelemetryExporter"/> while the server runs, with <c>Telemetry:Enabled</c>: batch after batch
/// while the log has more, then every <c>PollIntervalSeconds</c>. When a batch fails (the time-series database down or
/// refusing, or the records store failing) it logs a warning with the reason, keeps the cursor and waits longer each
/// time (the poll interval doubled per failure, at most <see cref="MaxBackoff"/>); it never stops the host. On
/// recovery everything past the cursor is written.
/// </summary>
public sealed partial class TelemetryExportService(
    TelemetryExporter exporter,
    IOptions<TelemetryOptions> options,
    TimeProvider time,
    ILogger<TelemetryExportService> logger) : BackgroundService
{
    /// <summary>The longest wait between two attempts while the time-series database is failing.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);

    /// <summary>The wait after <paramref name="failures"/> failures in a row.</summary>
    public static TimeSpan Backoff(TimeSpan pollInterval, int failures)
    {
        var doubled = pollInterval.TotalSeconds * Math.Pow(2, Math.Clamp(failures - 1, 0, 20));
        return TimeSpan.FromSeconds(Math.Min(doubled, MaxBackoff.TotalSeconds));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            LogOff(logger);
            return;
        }

        // Off the host's start-up path: the first batch may wait for a slow database.
        await Task.Yield();
        LogOn(logger, settings.Url, settings.Bucket, settings.BatchSize);
        var poll = TimeSpan.FromSeconds(settings.PollIntervalSeconds);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                var batch = await exporter.ExportNextAsync(stoppingToken).ConfigureAwait(false);
                if (failures > 0) LogRecovered(logger, failures, batch.Cursor);
                failures = 0;
                wait = batch.Full ? TimeSpan.Zero : poll;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Any failure of a batch is retried; none may stop the host.
            catch (Exception failed)
#pragma warning restore CA1031
            {
                failures++;
                wait = Backoff(poll, failures);
                LogFailed(logger, failed, failed.Message, failures, wait.TotalSeconds);
            }

            if (wait <= TimeSpan.Zero) continue;
            try
            {
                await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Telemetry export is off (Telemetry:Enabled is false).")]
    private static partial void LogOff(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Telemetry export to {Url}, bucket {Bucket}, {BatchSize} raw events per batch.")]
    private static partial void LogOn(ILogger logger, string url, string bucket, int batchSize);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telemetry export failed ({Reason}); the cursor stays, attempt {Failures} failed, next in {DelaySeconds} s.")]
    private static partial void LogFailed(ILogger logger, Exception exception, string reason, int failures, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Telemetry export works again after {Failures} failed attempts; cursor at {Cursor}.")]
    private static partial void LogRecovered(ILogger logger, int failures, long cursor);
}
