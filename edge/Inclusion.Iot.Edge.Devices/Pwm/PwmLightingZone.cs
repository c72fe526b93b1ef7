using System.Device.Pwm;
using Inclusion.Iot.Edge.Devices.Dimming;
using Inclusion.Iot.Edge.Devices.Ports;
using Inclusion.Iot.Edge.Domain.Room;
using Microsoft.Extensions.Logging;

namespace Inclusion.Iot.Edge.Devices.Pwm;

/// <summary>
/// A lighting zone on one PWM channel (the Pi's hardware PWM on GPIO18 or GPIO12 through <c>/sys/class/pwm</c>)
/// driving one dimmable LED channel through a MOSFET. Fades through <see cref="LightFade"/> on the perceptual curve,
/// at most 20 writes a second, at no less than <see cref="MinimumFrequencyHz"/>; the first fade starts from the
/// channel's current duty. Colour temperature is not adjustable on one channel and is ignored. Disposing stops a fade
/// and leaves the duty as it is.
/// </summary>
public sealed class PwmLightingZone : ILightingZone, IAsyncDisposable
{
    /// <summary>Below this a PWM LED can flicker visibly; the channel is raised to it when slower.</summary>
    public const int MinimumFrequencyHz = 1000;

    private readonly PwmChannel _pwm;
    private readonly bool _shouldDispose;
    private readonly LightFade _fade;

    /// <param name="name">The zone's name in the room file.</param>
    /// <param name="pwm">The channel, e.g. <c>PwmChannel.Create(0, 0, 1000, …)</c>; it is started and kept at its duty.</param>
    /// <param name="timeProvider">Clock of the fade (the system clock when null).</param>
    /// <param name="shouldDispose">Dispose the channel with the zone.</param>
    public PwmLightingZone(
        string name,
        PwmChannel pwm,
        TimeProvider? timeProvider = null,
        int maxStepsPerSecond = LightFade.DefaultMaxStepsPerSecond,
        ILogger? logger = null,
        bool shouldDispose = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(pwm);
        Name = name;
        _pwm = pwm;
        _shouldDispose = shouldDispose;

        if (pwm.Frequency < MinimumFrequencyHz) pwm.Frequency = MinimumFrequencyHz;
        var initial = LightLevel.FromDuties(pwm.DutyCycle, 0);
        pwm.Start();
        _fade = new LightFade(level => _pwm.DutyCycle = level.Duties().Warm, initial, timeProvider ?? TimeProvider.System, maxStepsPerSecond, logger);
    }

    public string Name { get; }

    /// <summary>The level last written (perceived brightness).</summary>
    public LightLevel Level => _fade.Current;

    public bool IsFading => _fade.IsFading;

    /// <summary>Starts the fade to <paramref name="scene"/> and returns; a fade in progress is replaced from where the light is.</summary>
    public Task SetAsync(LightScene scene, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scene);
        cancellationToken.ThrowIfCancellationRequested();
        _fade.FadeTo(LightLevel.Of(scene, whites: null, _fade.Current), TimeSpan.FromSeconds(Math.Max(0, scene.FadeSeconds)));
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _fade.Dispose();
        if (_shouldDispose) _pwm.Dispose();
        return ValueTask.CompletedTask;
    }
}
