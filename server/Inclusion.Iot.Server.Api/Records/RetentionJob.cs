using Inclusion.Iot.Server.Data;
using Inclusion.Iot.Server.Records.Retention;
using Microsoft.Extensions.Options;

namespace Inclusion.Iot.Server.Api.Records;

/// <summary>
/// Runs <see cref="IRetentionPurge"/> <see cref="RetentionOptions.FirstRunDelay"/> after start, then every
/// <see cref="RetentionOptions.Interval"/>, each run in its own scope. Runs are due at fixed times from the start (a
/// run that took long is followed at once by the next due one, never by a burst). A failed run is logged with its
/// reason and retried at the next due time; it never stops the host.
/// </summary>
internal sealed partial class RetentionJob(
    IServiceScopeFactory scopes, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionJob> logger) : BackgroundService
{
    // Counted from the job's creation at start-up, not from whenever ExecuteAsync gets a thread.
    private readonly DateTimeOffset _firstRun = time.GetUtcNow() + options.Value.FirstRunDelay;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            LogDisabled(logger);
            return;
        }

        var due = _firstRun;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = due - time.GetUtcNow();
            try
            {
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            due += settings.Interval;
            await RunOnceAsync(due, stoppingToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            if (due < now)
            {
                due = now;
            }
        }
    }

    private async Task RunOnceAsync(DateTimeOffset next, CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<AccessScopeHolder>().UseSystem(); // every organisation's programmes
            var summary = await scope.ServiceProvider.GetRequiredService<IRetentionPurge>().PurgeAsync(stoppingToken).ConfigureAwait(false);
            LogRun(logger, summary.Programmes, summary.Pupils, summary.Organisations, next);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the run's transaction rolled back, the next start runs it again.
        }
#pragma warning disable CA1031 // The job must outlive any failure of one run; it is logged and retried.
        catch (Exception failed)
#pragma warning restore CA1031
        {
            LogFailed(logger, failed.GetType().Name, failed.Message, next);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention purge: {Programmes} programmes and {Pupils} pupils purged in {Organisations} organisations; next run at {Next:o}.")]
    private static partial void LogRun(ILogger logger, int programmes, int pupils, int organisations, DateTimeOffset next);

    // The reason only (ids at most, never names): the exception's stack would add nothing for IT staff.
    [LoggerMessage(Level = LogLevel.Error, Message = "Retention purge failed ({Kind}: {Reason}); nothing was purged in the failing organisation, the next run at {Next:o} tries again.")]
    private static partial void LogFailed(ILogger logger, string kind, string reason, DateTimeOffset next);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention purge is disabled (Retention:Enabled=false): programmes past retention are kept.")]
    private static partial void LogDisabled(ILogger logger);
}
