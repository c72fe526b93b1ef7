using Inclusion.Iot.Edge.Devices.Dimming;
using Inclusion.Iot.Edge.Devices.Ports;
using Inclusion.Iot.Edge.Domain.Room;
using Microsoft.Extensions.Logging;

namespace Inclusion.Iot.Edge.Devices.Pca9685;

/// <summary>
/// A lighting zone on a PCA9685 PWM chip: one channel for a dimmable LED strip, or two for a tunable-white strip
/// (warm white on <c>channel</c>, cool white on <c>coolChannel</c>; -1 = none). Each scene fades on the Pi through
/// <see cref="LightFade"/> on the perceptual curve, at most 20 writes a second; the chip runs at no less than
/// <see cref="MinimumFrequencyHz"/> so the light does not flicker on camera or to a sensitive eye. The first fade starts
/// from the duty the chip already has. Disposing stops a fade and leaves the light as it is.
/// </summary>
public sealed class Pca9685LightingZone : ILightingZone, IAsyncDisposable
{
    /// <summary>Below this a PWM LED can flicker visibly (IEEE 1789 low-risk region starts ~1.25 kHz at full modulation).</summary>
    public const double MinimumFrequencyHz = 1000;

    /// <summary>The PCA9685's fastest PWM (prescale 3 on the internal 25 MHz oscillator): ~1526 Hz.</summary>
    public const double FlickerFreeFrequencyHz = 1526;

    private readonly global::Iot.Device.Pwm.Pca9685 _chip;
    private readonly int _channel;
    private readonly int _coolChannel;
    private readonly WhiteMix? _whites;
    private readonly bool _shouldDispose;
    private readonly LightFade _fade;

    /// <param name="name">The zone's name in the room file.</param>
    /// <param name="chip">The chip binding; frequency is raised to <see cref="FlickerFreeFrequencyHz"/> when below <see cref="MinimumFrequencyHz"/>.</param>
    /// <param name="channel">The dimmable channel, or the warm white one when <paramref name="coolChannel"/> is set (0..15).</param>
    /// <param name="coolChannel">The cool white channel (0..15), or -1 for a single-channel lamp.</param>
    /// <param name="whites">The kelvin of the strip's two whites (2700 K and 6500 K when null); ignored with one channel.</param>
    /// <param name="timeProvider">Clock of the fade (the system clock when null).</param>
    /// <param name="shouldDispose">Dispose the chip binding (and its I2C device) with the zone; false when zones share one chip.</param>
    public Pca9685LightingZone(
        string name,
        global::Iot.Device.Pwm.Pca9685 chip,
        int channel,
        int coolChannel = -1,
        WhiteMix? whites = null,
        TimeProvider? timeProvider = null,
        int maxStepsPerSecond = LightFade.DefaultMaxStepsPerSecond,
        ILogger? logger = null,
        bool shouldDispose = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(chip);
        CheckChannel(channel, nameof(channel));
        if (coolChannel != -1) CheckChannel(coolChannel, nameof(coolChannel));
        if (coolChannel == channel) throw new ArgumentException("The cool white channel must differ from the warm one.", nameof(coolChannel));

        Name = name;
        _chip = chip;
        _channel = channel;
        _coolChannel = coolChannel;
        _whites = coolChannel == -1 ? null : whites ?? new WhiteMix();
        _shouldDispose = shouldDispose;

        if (chip.PwmFrequency < MinimumFrequencyHz) chip.PwmFrequency = FlickerFreeFrequencyHz;

        var initial = LightLevel.FromDuties(ReadDuty(channel), coolChannel == -1 ? 0 : ReadDuty(coolChannel));
        _fade = new LightFade(Write, initial, timeProvider ?? TimeProvider.System, maxStepsPerSecond, logger);
    }

    public string Name { get; }

    /// <summary>The level last written (perceived brightness and cool share).</summary>
    public LightLevel Level => _fade.Current;

    public bool IsFading => _fade.IsFading;

    /// <summary>Starts the fade to <paramref name="scene"/> and returns; a fade in progress is replaced from where the light is.</summary>
    public Task SetAsync(LightScene scene, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scene);
        cancellationToken.ThrowIfCancellationRequested();
        _fade.FadeTo(LightLevel.Of(scene, _whites, _fade.Current), TimeSpan.FromSeconds(Math.Max(0, scene.FadeSeconds)));
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _fade.Dispose();
        if (_shouldDispose) _chip.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Write(LightLevel level)
    {
        var (warm, cool) = level.Duties();
        _chip.SetDutyCycle(_channel, warm);
        if (_coolChannel != -1) _chip.SetDutyCycle(_coolChannel, cool);
    }

    private double ReadDuty(int channel)
    {
        try
        {
            return _chip.GetDutyCycle(channel);
        }
        catch (InvalidOperationException)
        {
            return 0; // phase-shifted ON/OFF values left by another program: start from dark rather than guess
        }
    }

    private static void CheckChannel(int channel, string parameter)
    {
        if (channel is < 0 or > 15) throw new ArgumentOutOfRangeException(parameter, channel, "A PCA9685 has channels 0..15.");
    }
}
