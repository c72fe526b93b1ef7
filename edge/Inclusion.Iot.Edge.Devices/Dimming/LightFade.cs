using Inclusion.Iot.Edge.Domain.Room;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Inclusion.Iot.Edge.Devices.Dimming;

/// <summary>
/// Steps a PWM-dimmed light from where it is to a target over a fade time, on a <see cref="TimeProvider"/> timer and
/// at most <c>maxStepsPerSecond</c> writes a second: the one place both the PCA9685 and the Pi's PWM zones fade.
/// Sensory safety: no change is ever a jump (a fade is at least <see cref="MinimumFade"/>), a new target starts from
/// the level actually written, never from the old target, and brightness moves one way within a fade. Disposing
/// stops the fade and leaves the light where it is: the room must not go dark because the edge restarts.
/// </summary>
public sealed class LightFade : IDisposable
{
    public const int DefaultMaxStepsPerSecond = 20;
    public static readonly TimeSpan MinimumFade = TimeSpan.FromSeconds(1);

    private readonly object _sync = new();
    private readonly Action<LightLevel> _output;
    private readonly TimeProvider _time;
    private readonly TimeSpan _step;
    private readonly ILogger _logger;
    private ITimer? _timer;
    private LightLevel _from;
    private LightLevel _target;
    private TimeSpan _duration;
    private long _startedAt;
    private bool _disposed;

    /// <param name="output">Writes a level to the lamp's channels; called under the fade's lock, one step at a time.</param>
    /// <param name="initial">Where the light is now (read back from the hardware), so the first fade starts there.</param>
    public LightFade(Action<LightLevel> output, LightLevel initial, TimeProvider timeProvider, int maxStepsPerSecond = DefaultMaxStepsPerSecond, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxStepsPerSecond);
        _output = output;
        _time = timeProvider;
        _step = TimeSpan.FromSeconds(1.0 / maxStepsPerSecond);
        _logger = logger ?? NullLogger.Instance;
        Current = _target = _from = initial;
    }

    /// <summary>The level last written to the lamp.</summary>
    public LightLevel Current { get; private set; }

    public bool IsFading
    {
        get
        {
            lock (_sync) return _timer is not null;
        }
    }

    /// <summary>Starts fading from <see cref="Current"/> to <paramref name="target"/>, replacing any fade in progress; returns at once.</summary>
    public void FadeTo(LightLevel target, TimeSpan duration)
    {
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            StopLocked();
            // From dark, take the target's tint at once: nobody sees the colour of a light that is off.
            _from = Current.Brightness <= 0 ? Current with { CoolShare = target.CoolShare } : Current;
            _target = target;
            if (_from == target) return;
            _duration = duration < MinimumFade ? MinimumFade : duration;
            _startedAt = _time.GetTimestamp();
            _timer = _time.CreateTimer(_ => Step(), null, _step, _step);
        }
    }

    /// <summary>
    /// A zone's <c>SetAsync</c>: starts the fade to the level <paramref name="scene"/> asks for (its white mix by
    /// <paramref name="whites"/>, null for one channel) over the scene's fade time, from where the light is; returns at once.
    /// </summary>
    internal Task SetAsync(LightScene scene, WhiteMix? whites, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scene);
        cancellationToken.ThrowIfCancellationRequested();
        FadeTo(LightLevel.Of(scene, whites, Current), TimeSpan.FromSeconds(Math.Max(0, scene.FadeSeconds)));
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        lock (_sync)
        {
            _disposed = true;
            StopLocked();
        }
    }

    private void Step()
    {
        lock (_sync)
        {
            if (_timer is null) return; // a tick that raced a new target or Dispose
            var progress = _time.GetElapsedTime(_startedAt) / _duration;
            var level = progress >= 1 ? _target : LightLevel.Between(_from, _target, progress);
            try
            {
                _output(level);
                Current = level;
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
            {
                // The bus failed: stop here rather than write a stream of errors; the next scene tries again.
                _logger.LogWarning(e, "Lamp did not take a fade step; the fade stops at {Brightness:P0}", Current.Brightness);
                StopLocked();
                return;
            }

            if (progress >= 1) StopLocked();
        }
    }

    private void StopLocked()
    {
        _timer?.Dispose();
        _timer = null;
    }
}
