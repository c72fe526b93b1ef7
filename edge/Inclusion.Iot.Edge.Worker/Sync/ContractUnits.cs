using Inclusion.Iot.Edge.Devices.Zigbee2Mqtt;

namespace Inclusion.Iot.Edge.Worker.Sync;

/// <summary>
/// The contract (v1) carries lighting as Zigbee-style brightness 0..254 and colour temperature in mireds; the domain
/// speaks percent and kelvin. Converted here, once, at the gateway boundary.
/// </summary>
public static class ContractUnits
{
    // The contract's brightness scale is Zigbee's, so its conversion is the Zigbee driver's.
    public static int PercentFromBrightness(int brightness) => ZigbeeLightUnits.Percent(brightness);

    public static int BrightnessFromPercent(int percent) => ZigbeeLightUnits.Brightness(percent);

    /// <summary>Mireds (micro reciprocal degrees) to kelvin; 0 or less (not set) stays 0.</summary>
    public static int KelvinFromMireds(int mireds) => mireds <= 0 ? 0 : (int)Math.Round(1_000_000.0 / mireds, MidpointRounding.AwayFromZero);

    public static int MiredsFromKelvin(int kelvin) => kelvin <= 0 ? 0 : (int)Math.Round(1_000_000.0 / kelvin, MidpointRounding.AwayFromZero);
}
