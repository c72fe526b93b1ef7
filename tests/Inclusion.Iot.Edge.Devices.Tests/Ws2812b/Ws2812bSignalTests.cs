using Inclusion.Iot.Edge.Devices.Simulation;

namespace Inclusion.Iot.Edge.Devices.Tests.Ws2812b;

public sealed class Ws2812bSignalTests
{
    private const int Clock = 2_400_000;

    [Fact]
    public void Decodes_green_red_blue_from_three_spi_bits_per_data_bit()
    {
        // G = 0x80 (1 then seven 0s), R = 0x01, B = 0xFF; a one is 110, a zero 100.
        var spi = new byte[9 + 30];
        Encode(0x80, spi.AsSpan(0, 3));
        Encode(0x01, spi.AsSpan(3, 3));
        Encode(0xFF, spi.AsSpan(6, 3));

        var pixel = Assert.Single(Ws2812bSignal.Decode(spi, 1, Clock));

        Assert.Equal((0x01, 0x80, 0xFF), (pixel.R, pixel.G, pixel.B));
    }

    [Fact]
    public void A_bit_that_is_not_1x0_is_not_a_ws2812b_signal()
    {
        var spi = new byte[9 + 30];
        spi[0] = 0xFF;
        Assert.Throws<FormatException>(() => Ws2812bSignal.Decode(spi, 1, Clock));
    }

    [Fact]
    public void A_frame_without_a_long_enough_reset_is_refused()
    {
        var spi = new byte[9 + 10]; // 10 bytes at 2.4 MHz is 33 µs, under the 50 µs reset
        for (var i = 0; i < 3; i++) Encode(0, spi.AsSpan(3 * i, 3));
        Assert.Throws<FormatException>(() => Ws2812bSignal.Decode(spi, 1, Clock));
    }

    private static void Encode(byte value, Span<byte> into)
    {
        var bits = 0;
        for (var b = 7; b >= 0; b--) bits = bits << 3 | ((value >> b & 1) == 1 ? 0b110 : 0b100);
        into[0] = (byte)(bits >> 16);
        into[1] = (byte)(bits >> 8);
        into[2] = (byte)bits;
    }
}
