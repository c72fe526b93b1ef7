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
/// <remarks>
/// The Linux sysfs channel's own <c>Dispose</c> writes <c>enable=0</c> and unexports the PWM, which would darken the
/// lamp, so by default the zone does not dispose the channel (a process that exits leaves the kernel's PWM running at
/// its duty). The sysfs channel does not read back its duty either: <see cref="PwmChannel.DutyCycle"/> is what it was
/// opened with, so open it at the level the room's persisted scene had, and at 1 kHz or more.
/// </remarks>
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
    /// <param name="shouldDispose">Dispose the channel with the zone; on Linux that switches the PWM off, so only when the lamp is removed for good.</param>
    public PwmLightingZone(
        string name,
        PwmChannel pwm,
        TimeProvider? timeProvider = null,
        int maxStepsPerSecond = LightFade.DefaultMaxStepsPerSecond,
        ILogger? logger = null,
        bool shouldDispose = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(pwm);
        Name = name;
        _pwm = pwm;
        _shouldDispose = shouldDispose;

        var duty = pwm.DutyCycle;
        if (pwm.Frequency < MinimumFrequencyHz)
        {
            // The kernel keeps the on-time in ns and refuses a period shorter than it: shorten the on-time to what
            // the new period needs first, then the period, then set the share again in the new period's terms.
            pwm.DutyCycle = duty * pwm.Frequency / MinimumFrequencyHz;
            pwm.Frequency = MinimumFrequencyHz;
            pwm.DutyCycle = duty;
        }

        var initial = LightLevel.FromDuties(duty, 0);
        pwm.Start();
        _fade = new LightFade(level => _pwm.DutyCycle = level.Duties().Warm, initial, timeProvider ?? TimeProvider.System, maxStepsPerSecond, logger);
    }

    public string Name { get; }

    /// <summary>The level last written (perceived brightness).</summary>
    public LightLevel Level => _fade.Current;

    public bool IsFading => _fade.IsFading;

    /// <summary>Starts the fade to <paramref name="scene"/> and returns; a fade in progress is replaced from where the light is.</summary>
    public Task SetAsync(LightScene scene, CancellationToken cancellationToken) => _fade.SetAsync(scene, whites: null, cancellationToken);

    public ValueTask DisposeAsync()
    {
        _fade.Dispose();
        if (_shouldDispose) _pwm.Dispose();
        return ValueTask.CompletedTask;
    }
}
