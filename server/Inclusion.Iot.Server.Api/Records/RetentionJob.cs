using System.Threading.Channels;
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
internal sealed partial class RetentionJob : BackgroundService
{
    private readonly IServiceScopeFactory _scopes;
    private readonly RetentionOptions _settings;
    private readonly TimeProvider _time;
    private readonly ILogger<RetentionJob> _logger;
    private readonly DateTimeOffset _firstRun;

    /// <summary>A run is due; one waiting at most, so a run that took long is followed by one run, not a burst.</summary>
    private readonly Channel<bool> _due = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>
    /// Set when the job is created at start-up, on the starting thread, not whenever ExecuteAsync gets a thread (.NET 10
    /// starts it on one of its own): a clock read there and a timer set a moment later would count the first run from a
    /// moment that may already have passed (a fake clock advanced meanwhile by a test never reached it).
    /// </summary>
    private readonly ITimer? _timer;

    public RetentionJob(IServiceScopeFactory scopes, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionJob> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _scopes = scopes;
        _settings = options.Value;
        _time = time;
        _logger = logger;
        _firstRun = time.GetUtcNow() + _settings.FirstRunDelay;
        if (_settings.Enabled)
        {
            _timer = time.CreateTimer(static job => ((RetentionJob)job!)._due.Writer.TryWrite(true), this, _settings.FirstRunDelay, _settings.Interval);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_settings.Enabled)
        {
            LogDisabled(_logger);
            return;
        }

        try
        {
            await foreach (var _ in _due.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await RunOnceAsync(NextRun(), stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
    }

    /// <summary>The first due time after now: the first run, then every interval from it.</summary>
    private DateTimeOffset NextRun()
    {
        var now = _time.GetUtcNow();
        if (now < _firstRun) return _firstRun;
        var periods = (now - _firstRun).Ticks / _settings.Interval.Ticks + 1;
        return _firstRun + TimeSpan.FromTicks(periods * _settings.Interval.Ticks);
    }

    private async Task RunOnceAsync(DateTimeOffset next, CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<AccessScopeHolder>().UseSystem(); // every organisation's programmes
            var summary = await scope.ServiceProvider.GetRequiredService<IRetentionPurge>().PurgeAsync(stoppingToken).ConfigureAwait(false);
            LogRun(_logger, summary.Programmes, summary.Pupils, summary.Organisations, next);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the run's transaction rolled back, the next start runs it again.
        }
#pragma warning disable CA1031 // The job must outlive any failure of one run; it is logged and retried.
        catch (Exception failed)
#pragma warning restore CA1031
        {
            LogFailed(_logger, failed.GetType().Name, failed.Message, next);
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
