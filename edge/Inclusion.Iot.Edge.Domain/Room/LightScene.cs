namespace Inclusion.Iot.Edge.Domain.Room;

/// <summary>
/// A lighting scene for every lighting zone of the room, in the room's own units: level in percent (0..100),
/// colour temperature in kelvin, and the fade to it in seconds. Drivers convert (Zigbee 0..254 and mireds,
/// PWM duty cycles); the domain never sees device units.
/// </summary>
public sealed record LightScene(bool On, int BrightnessPercent, int ColourTemperatureKelvin, int FadeSeconds)
{
    /// <summary>Warmest and coolest white the room asks for; a driver clamps further to what its lamp can do.</summary>
    public const int WarmestKelvin = 2000;
    public const int CoolestKelvin = 6500;
}
