namespace Inclusion.Iot.Edge.Devices.Dimming;

/// <summary>
/// A tunable-white lamp made of a warm and a cool white LED channel: the colour temperature between them is mixed in
/// mireds (the scale on which mixing two whites is close to linear), so the lamp's warm white gives all-warm, its cool
/// white all-cool, and anything outside is clamped to what the lamp can do.
/// </summary>
public sealed record WhiteMix(int WarmKelvin = 2700, int CoolKelvin = 6500)
{
    /// <summary>The share of the light that comes from the cool channel (0..1) for <paramref name="kelvin"/>.</summary>
    public double CoolShare(int kelvin)
    {
        if (WarmKelvin <= 0 || CoolKelvin <= WarmKelvin) throw new InvalidOperationException($"A white mix needs 0 < warm ({WarmKelvin} K) < cool ({CoolKelvin} K).");
        if (kelvin <= 0) return 0;
        var warm = 1e6 / WarmKelvin;
        var cool = 1e6 / CoolKelvin;
        return Math.Clamp((warm - 1e6 / kelvin) / (warm - cool), 0, 1);
    }
}
