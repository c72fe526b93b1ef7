namespace Inclusion.Iot.Edge.Devices.Dimming;

/// <summary>
/// The eye's curve between a level as the room means it (0..1, so 50 % looks half as bright) and the PWM duty that
/// gives it: duty = level^2.2. A linear duty would spend most of a fade near full brightness and jump at the bottom.
/// </summary>
public static class PerceivedBrightness
{
    public const double Gamma = 2.2;

    public static double Duty(double level) => Math.Pow(Math.Clamp(level, 0, 1), Gamma);

    public static double Level(double duty) => Math.Pow(Math.Clamp(duty, 0, 1), 1 / Gamma);
}
