using System.Device.I2c;
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
/// <remarks>
/// The binding sets the chip up (mode, auto-increment, frequency) and reads the duty back, but writes each 16-bit
/// count as two single-byte transactions; the chip latches its outputs on every I2C STOP, so the half-written count
/// shows for a PWM period (e.g. 249/4096 → 20/4096 → 256/4096): a brightness reversal mid-fade. The zone therefore
/// writes each step as one auto-increment transaction of all four LEDn registers.
/// </remarks>
public sealed class Pca9685LightingZone : ILightingZone, IAsyncDisposable
{
    /// <summary>Below this a PWM LED can flicker visibly (IEEE 1789 low-risk region starts ~1.25 kHz at full modulation).</summary>
    public const double MinimumFrequencyHz = 1000;

    /// <summary>The PCA9685's fastest PWM (prescale 3 on the internal 25 MHz oscillator): ~1526 Hz.</summary>
    public const double FlickerFreeFrequencyHz = 1526;

    private const byte Led0OnL = 0x06;
    private const int Counts = 4096;

    private readonly I2cDevice _i2c;
    private readonly global::Iot.Device.Pwm.Pca9685 _chip;
    private readonly int _channel;
    private readonly int _coolChannel;
    private readonly WhiteMix? _whites;
    private readonly bool _shouldDispose;
    private readonly LightFade _fade;

    /// <param name="name">The zone's name in the room file.</param>
    /// <param name="i2c">The chip on its bus (address 0x40 by default); its frequency is raised to <see cref="FlickerFreeFrequencyHz"/> when below <see cref="MinimumFrequencyHz"/>.</param>
    /// <param name="channel">The dimmable channel, or the warm white one when <paramref name="coolChannel"/> is set (0..15).</param>
    /// <param name="coolChannel">The cool white channel (0..15), or -1 for a single-channel lamp.</param>
    /// <param name="whites">The kelvin of the strip's two whites (2700 K and 6500 K when null); ignored with one channel.</param>
    /// <param name="timeProvider">Clock of the fade (the system clock when null).</param>
    /// <param name="shouldDispose">Dispose the I2C device with the zone.</param>
    public Pca9685LightingZone(
        string name,
        I2cDevice i2c,
        int channel,
        int coolChannel = -1,
        WhiteMix? whites = null,
        TimeProvider? timeProvider = null,
        int maxStepsPerSecond = LightFade.DefaultMaxStepsPerSecond,
        ILogger? logger = null,
        bool shouldDispose = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(i2c);
        CheckChannel(channel, nameof(channel));
        if (coolChannel != -1) CheckChannel(coolChannel, nameof(coolChannel));
        if (coolChannel == channel) throw new ArgumentException("The cool white channel must differ from the warm one.", nameof(coolChannel));

        Name = name;
        _i2c = i2c;
        _chip = new global::Iot.Device.Pwm.Pca9685(i2c);
        _channel = channel;
        _coolChannel = coolChannel;
        _whites = coolChannel == -1 ? null : whites ?? new WhiteMix();
        _shouldDispose = shouldDispose;

        if (_chip.PwmFrequency < MinimumFrequencyHz) _chip.PwmFrequency = FlickerFreeFrequencyHz;

        var initial = LightLevel.FromDuties(ReadDuty(channel), coolChannel == -1 ? 0 : ReadDuty(coolChannel));
        _fade = new LightFade(Write, initial, timeProvider ?? TimeProvider.System, maxStepsPerSecond, logger);
    }

    public string Name { get; }

    /// <summary>The level last written (perceived brightness and cool share).</summary>
    public LightLevel Level => _fade.Current;

    public bool IsFading => _fade.IsFading;

    /// <summary>Starts the fade to <paramref name="scene"/> and returns; a fade in progress is replaced from where the light is.</summary>
    public Task SetAsync(LightScene scene, CancellationToken cancellationToken) => _fade.SetAsync(scene, _whites, cancellationToken);

    public ValueTask DisposeAsync()
    {
        _fade.Dispose();
        if (_shouldDispose) _chip.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Write(LightLevel level)
    {
        var (warm, cool) = level.Duties();
        WriteDuty(_channel, warm);
        if (_coolChannel != -1) WriteDuty(_coolChannel, cool);
    }

    /// <summary>One transaction: LEDn_ON_L, ON_H, OFF_L, OFF_H; 0 and 4096 counts use the full-off and full-on bits.</summary>
    private void WriteDuty(int channel, double duty)
    {
        var count = (int)Math.Round(Math.Clamp(duty, 0, 1) * Counts);
        var (on, off) = count switch
        {
            0 => (0, 0x1000),
            Counts => (0x1000, 0),
            _ => (0, count),
        };
        _i2c.Write([(byte)(Led0OnL + 4 * channel), (byte)on, (byte)(on >> 8), (byte)off, (byte)(off >> 8)]);
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
