using Inclusion.Iot.Edge.Domain.Room;

namespace Inclusion.Iot.Edge.Devices.Dimming;

/// <summary>
/// Where a dimmed light is: its perceived brightness (0..1, see <see cref="PerceivedBrightness"/>) and, for a
/// tunable-white lamp, the share of its light from the cool channel (0..1). Fades move in these terms, so a fade
/// looks even to the eye.
/// </summary>
public readonly record struct LightLevel(double Brightness, double CoolShare)
{
    public static readonly LightLevel Dark = new(0, 0);

    /// <summary>The level a scene asks for. Off keeps the current colour so the light dims out without shifting tint.</summary>
    public static LightLevel Of(LightScene scene, WhiteMix? whites, LightLevel current)
    {
        ArgumentNullException.ThrowIfNull(scene);
        var share = !scene.On ? current.CoolShare : whites?.CoolShare(scene.ColourTemperatureKelvin) ?? 0;
        return new LightLevel(scene.On ? Math.Clamp(scene.BrightnessPercent, 0, 100) / 100.0 : 0, share);
    }

    /// <summary>The level read back from a lamp's channel duties (warm or the only channel, and cool).</summary>
    public static LightLevel FromDuties(double warmDuty, double coolDuty)
    {
        var total = Math.Clamp(warmDuty + coolDuty, 0, 1);
        return new LightLevel(PerceivedBrightness.Level(total), total > 0 ? Math.Clamp(coolDuty / (warmDuty + coolDuty), 0, 1) : 0);
    }

    /// <summary>Duty of the warm (or only) channel and of the cool channel: the brightness's duty split by the mix.</summary>
    public (double Warm, double Cool) Duties()
    {
        var total = PerceivedBrightness.Duty(Brightness);
        var cool = total * Math.Clamp(CoolShare, 0, 1);
        return (total - cool, cool);
    }

    public static LightLevel Between(LightLevel from, LightLevel to, double progress)
    {
        var p = Math.Clamp(progress, 0, 1);
        return new LightLevel(from.Brightness + (to.Brightness - from.Brightness) * p, from.CoolShare + (to.CoolShare - from.CoolShare) * p);
    }
}
