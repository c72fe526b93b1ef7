namespace Inclusion.Iot.Edge.Devices.RoomFile;

/// <summary>
/// How a device is wired to the Pi (room file schema version 2). Only the keys its driver takes are set; the loader
/// fills each driver's defaults, so a driver reads what it needs without guessing. Pins are BCM GPIO numbers.
/// </summary>
public sealed record DeviceWiring
{
    public int? Pin { get; init; }
    public bool ActiveLow { get; init; }
    public int? DebounceMs { get; init; }
    public int? SpiBus { get; init; }
    public int? ChipSelect { get; init; }
    public int? ResetPin { get; init; }
    public int? PollMs { get; init; }
    public int? I2cBus { get; init; }
    public int? I2cAddress { get; init; }
    public string? SerialPort { get; init; }
    public int? LedCount { get; init; }
    public int? ClockPin { get; init; }
    public int? DataPin { get; init; }
    public int? Channel { get; init; }
    public int? CoolChannel { get; init; }
    public int? PwmChip { get; init; }
    public int? PwmChannel { get; init; }
}
