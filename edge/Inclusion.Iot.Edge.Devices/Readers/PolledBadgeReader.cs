using Inclusion.Iot.Edge.Devices.Inputs;
using Inclusion.Iot.Edge.Devices.Ports;
using Inclusion.Iot.Edge.Domain.Configuration;
using Microsoft.Extensions.Logging;

namespace Inclusion.Iot.Edge.Devices.Readers;

/// <summary>
/// The polling, presentation and health rules every wired badge reader shares (MFRC522, PN532): poll the chip at an
/// interval; report a card once per presentation as a <see cref="BadgeInput"/> with the UID by <see cref="BadgeUid"/>,
/// or once as a <see cref="RejectedInput"/> when it is junk; report the chip going away and coming back as one
/// <see cref="AvailabilityInput"/> each, retrying at a backoff and re-initialising it in between. Every iteration
/// survives exceptions; only cancellation ends <see cref="RunAsync"/>.
/// </summary>
internal sealed class PolledBadgeReader : IAsyncDisposable
{
    /// <summary>Often enough that a pupil does not wait at the door, rarely enough for a shared SPI/I2C bus.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(150);

    /// <summary>At 150 ms, 600 ms without the card ends its presentation.</summary>
    public const int DefaultMissedPollsToEnd = 4;

    /// <summary>The longest wait between attempts to reach a reader that stopped answering.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    private readonly string _name;
    private readonly ICardReaderChip _chip;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly CardPresentation _presentation;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private bool _disposed;

    public PolledBadgeReader(string name, ICardReaderChip chip, TimeProvider? timeProvider, TimeSpan? pollInterval, int missedPollsToEnd, ILogger? logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(chip);
        var interval = pollInterval ?? DefaultPollInterval;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero, nameof(pollInterval));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(missedPollsToEnd);
        _name = name;
        _chip = chip;
        _time = timeProvider ?? TimeProvider.System;
        _interval = interval;
        _presentation = new CardPresentation(missedPollsToEnd);
        _logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    }

    /// <summary>For tests: raised after each iteration, once the wait before the next one has started, with its length.</summary>
    internal event Action<TimeSpan>? Waiting;

    public async Task RunAsync(IDeviceInputSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        bool? online = null;
        var failedAttempts = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_disposed) return;
            try
            {
                if (online is not true)
                {
                    var reason = Guarded(_chip.Initialise);
                    if (reason is null)
                    {
                        failedAttempts = 0;
                        online = true;
                        await ReportSafelyAsync(sink, new AvailabilityInput(_name, true), cancellationToken);
                    }
                    else
                    {
                        failedAttempts++;
                        if (online is null) await ReportSafelyAsync(sink, new AvailabilityInput(_name, false, reason), cancellationToken);
                        online = false;
                    }
                }

                if (online is true)
                {
                    var poll = Guarded(_chip.Poll);
                    if (poll.Kind == CardPollKind.NotAnswering)
                    {
                        failedAttempts = 1;
                        online = false;
                        _presentation.End();
                        await ReportSafelyAsync(sink, new AvailabilityInput(_name, false, poll.Reason), cancellationToken);
                    }
                    else if (Read(poll) is { } input)
                    {
                        await ReportSafelyAsync(sink, input, cancellationToken);
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The chip threw (a bus error): it is not answering. One health event, then the backoff.
            // (The sink's own failures never get here: ReportSafelyAsync logs them.)
                _logger.LogWarning(ex, "Badge reader {Device} is not answering", _name);
                failedAttempts = Math.Max(failedAttempts + 1, 1);
                _presentation.End();
                if (online is not false)
                {
                    online = false;
                    await ReportSafelyAsync(sink, new AvailabilityInput(_name, false, ex.Message), cancellationToken);
                }
            }

            var wait = online is true ? _interval : Backoff(failedAttempts);
            var delay = Task.Delay(wait, _time, cancellationToken);
            Waiting?.Invoke(wait);
            await delay;
        }
    }

    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed) return ValueTask.CompletedTask;
            _disposed = true;
            try
            {
                _chip.Dispose();
            }
            catch (Exception ex)
            {
                // A chip that is gone cannot be put to sleep; the bus is closed all the same.
                _logger.LogDebug(ex, "Badge reader {Device}: chip did not take its dispose", _name);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The wait after <paramref name="failedAttempts"/> failed attempts: the interval doubled each time, at most <see cref="MaxBackoff"/>.</summary>
    internal TimeSpan Backoff(int failedAttempts)
    {
        var doubled = _interval * Math.Pow(2, Math.Clamp(failedAttempts, 0, 16));
        var capped = doubled < MaxBackoff ? doubled : MaxBackoff;
        return capped > _interval ? capped : _interval;
    }

    private DeviceInput? Read(CardPoll poll)
    {
        switch (poll.Kind)
        {
            case CardPollKind.Card when poll.Uid is { } bytes:
                if (BadgeUid.TryFromBytes(bytes, out var uid))
                {
                    return _presentation.Begins(uid) ? new BadgeInput(_name, uid) : null;
                }

                return _presentation.Begins("rejected:" + Convert.ToHexString(bytes))
                    ? new RejectedInput(_name, _chip.Source, $"a UID of {bytes.Length} bytes ({Convert.ToHexString(bytes)}); a badge has 4, 7 or 10")
                    : null;
            case CardPollKind.Unreadable:
                return _presentation.Begins("unreadable") ? new RejectedInput(_name, _chip.Source, poll.Reason ?? "unreadable card") : null;
            default:
                _presentation.Missed();
                return null;
        }
    }

    private T Guarded<T>(Func<T> call)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return call();
        }
    }

    private async ValueTask ReportAsync(IDeviceInputSink sink, DeviceInput input, CancellationToken cancellationToken)
    {
        _logger.LogDebug("Badge reader {Device}: {Input}", _name, input);
        await sink.ReportAsync(input, cancellationToken);
    }

    private async ValueTask ReportSafelyAsync(IDeviceInputSink sink, DeviceInput input, CancellationToken cancellationToken)
    {
        try
        {
            await ReportAsync(sink, input, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning(ex, "Badge reader {Device}: the sink refused {Input}", _name, input);
        }
    }
}
