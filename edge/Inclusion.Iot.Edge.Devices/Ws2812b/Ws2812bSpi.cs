using System.Device.Spi;

namespace Inclusion.Iot.Edge.Devices.Ws2812b;

/// <summary>
/// How a WS2812B is driven from SPI MOSI: each data bit is three SPI bits, so at 2.4 MHz a third lasts ~417 ns and
/// a zero (<c>100</c>) is 0.42 µs high, a one (<c>110</c>) 0.83 µs, within the datasheet's T0H 0.4 µs and T1H 0.8 µs
/// (±150 ns). The binding does not set the clock, and a Linux SPI device takes its settings only when opened, so open
/// it with <see cref="Settings"/>. Outside <see cref="MinimumClockHz"/>..<see cref="MaximumClockHz"/> the LEDs would
/// read other colours than sent (random, possibly red, possibly flickering), so the ring refuses such a bus.
/// </summary>
public static class Ws2812bSpi
{
    public const int ClockHz = 2_400_000;

    /// <summary>T1H = 2/f must stay under 0.95 µs.</summary>
    public const int MinimumClockHz = 2_150_000;

    /// <summary>T1H = 2/f must stay over 0.65 µs, and T0H = 1/f over 0.25 µs.</summary>
    public const int MaximumClockHz = 3_000_000;

    public static SpiConnectionSettings Settings(int busId, int chipSelectLine) => new(busId, chipSelectLine)
    {
        ClockFrequency = ClockHz,
        Mode = SpiMode.Mode0,
        DataBitLength = 8,
    };

    public static bool IsUsableClock(int clockHz) => clockHz is >= MinimumClockHz and <= MaximumClockHz;
}
