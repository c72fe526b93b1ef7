namespace Inclusion.Iot.Edge.Devices.Zigbee2Mqtt;

/// <summary>
/// Zigbee2MQTT's light units: brightness 0..254 and colour temperature in mireds, clamped to 153..500 (6500 K..2000 K,
/// the range Zigbee2MQTT's colour-temperature lights accept). The room's percent and kelvin become these only here.
/// </summary>
public static class ZigbeeLightUnits
{
    public const int MaxBrightness = 254;
    public const int MinMireds = 153;
    public const int MaxMireds = 500;

    public static int Brightness(int percent) =>
        (int)Math.Round(Math.Clamp(percent, 0, 100) * MaxBrightness / 100.0, MidpointRounding.AwayFromZero);

    public static int Percent(int brightness) =>
        (int)Math.Round(Math.Clamp(brightness, 0, MaxBrightness) * 100.0 / MaxBrightness, MidpointRounding.AwayFromZero);

    public static int Mireds(int kelvin) =>
        kelvin <= 0 ? MaxMireds : Math.Clamp((int)Math.Round(1_000_000.0 / kelvin, MidpointRounding.AwayFromZero), MinMireds, MaxMireds);

    public static int Kelvin(int mireds) => (int)Math.Round(1_000_000.0 / Math.Clamp(mireds, MinMireds, MaxMireds), MidpointRounding.AwayFromZero);
}
