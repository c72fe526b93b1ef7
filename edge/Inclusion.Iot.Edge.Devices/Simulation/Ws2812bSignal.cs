using System.Drawing;
using Inclusion.Iot.Edge.Devices.Ws2812b;

namespace Inclusion.Iot.Edge.Devices.Simulation;

/// <summary>
/// Reads back the SPI bytes that drive a WS2812B strip: the pixels as the LEDs would latch them. Over SPI each data
/// bit of the LED protocol is three SPI bits (a one is <c>110</c>, a zero <c>100</c>; at 2.4 MHz a third is ~417 ns,
/// inside the WS2812B's T0H/T1H windows), colours go green, red, blue, most significant bit first, and the frame ends
/// with the line held low for at least the reset time (datasheet: above 50 µs). Anything else is not a signal the
/// strip would understand, so it throws rather than guess.
/// </summary>
public static class Ws2812bSignal
{
    public const int SpiBitsPerDataBit = 3;
    public const int BytesPerPixel = 3 * 8 * SpiBitsPerDataBit / 8;
    public static readonly TimeSpan MinimumReset = TimeSpan.FromMicroseconds(50);

    /// <summary>The colours of the first <paramref name="ledCount"/> LEDs, in strip order.</summary>
    /// <exception cref="FormatException">The clock is outside the LED timing, a bit is not <c>1x0</c>, the frame is short, or the reset is missing or too short.</exception>
    public static Color[] Decode(ReadOnlySpan<byte> spi, int ledCount, int clockFrequencyHz)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ledCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockFrequencyHz);
        if (!Ws2812bSpi.IsUsableClock(clockFrequencyHz)) throw new FormatException($"At {clockFrequencyHz} Hz the SPI bits are outside the WS2812B's T0H/T1H timing.");
        var pixelBytes = ledCount * BytesPerPixel;
        if (spi.Length < pixelBytes) throw new FormatException($"{spi.Length} bytes are fewer than {ledCount} pixels need ({pixelBytes}).");

        var pixels = new Color[ledCount];
        for (var led = 0; led < ledCount; led++)
        {
            var bits = spi.Slice(led * BytesPerPixel, BytesPerPixel);
            var green = DecodeByte(bits[..3], led);
            var red = DecodeByte(bits.Slice(3, 3), led);
            var blue = DecodeByte(bits.Slice(6, 3), led);
            pixels[led] = Color.FromArgb(red, green, blue);
        }

        var reset = spi[pixelBytes..];
        if (reset.ContainsAnyExcept((byte)0)) throw new FormatException("The line is not held low after the last pixel.");
        var resetTime = TimeSpan.FromSeconds(reset.Length * 8.0 / clockFrequencyHz);
        if (resetTime < MinimumReset) throw new FormatException($"The reset after the frame lasts {resetTime.TotalMicroseconds:0} µs, the LEDs need {MinimumReset.TotalMicroseconds:0} µs.");
        return pixels;
    }

    private static byte DecodeByte(ReadOnlySpan<byte> threeBytes, int led)
    {
        var spiBits = threeBytes[0] << 16 | threeBytes[1] << 8 | threeBytes[2];
        var value = 0;
        for (var bit = 7; bit >= 0; bit--)
        {
            var symbol = (spiBits >> (3 * bit)) & 0b111;
            if ((symbol & 0b101) != 0b100) throw new FormatException($"LED {led}: SPI bits {Convert.ToString(symbol, 2).PadLeft(3, '0')} are neither a WS2812B one (110) nor a zero (100).");
            value = value << 1 | (symbol >> 1 & 1);
        }

        return (byte)value;
    }
}
