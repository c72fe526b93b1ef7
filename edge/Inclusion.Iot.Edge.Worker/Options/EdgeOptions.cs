namespace Inclusion.Iot.Edge.Worker.Options;

/// <summary>The <c>Edge</c> section: who this edge is and where it keeps its files.</summary>
public sealed class EdgeOptions
{
    public const string SectionName = "Edge";

    public string EdgeId { get; set; } = "edge-sensory-1";
    public string RoomConfigPath { get; set; } = "room.json";
    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// <c>pi</c>: devices wired to the Pi are opened on its GPIO, SPI, I2C and PWM. <c>simulated</c>: on their simulated
    /// twins, so a room file with wired devices runs on any machine (development, demo, tests).
    /// </summary>
    public string Hardware { get; set; } = HardwarePi;

    public const string HardwarePi = "pi";
    public const string HardwareSimulated = "simulated";
}
