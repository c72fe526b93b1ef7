namespace Inclusion.Iot.Edge.Devices.Simulation;

/// <summary>CRC_A of ISO/IEC 14443-3 (Annex B): x^16 + x^12 + x^5 + 1, reflected, sent low byte first.</summary>
internal static class Iso14443Crc
{
    public const ushort PresetA = 0x6363;

    public static ushort Compute(ReadOnlySpan<byte> data, ushort preset = PresetA)
    {
        var crc = preset;
        foreach (var b in data)
        {
            var ch = (byte)(b ^ (byte)crc);
            ch ^= (byte)(ch << 4);
            crc = (ushort)((crc >> 8) ^ (ch << 8) ^ (ch << 3) ^ (ch >> 4));
        }

        return crc;
    }

    /// <summary><paramref name="frame"/> followed by its CRC_A, low byte first.</summary>
    public static byte[] Append(ReadOnlySpan<byte> frame)
    {
        var crc = Compute(frame);
        return [.. frame, (byte)crc, (byte)(crc >> 8)];
    }

    /// <summary>True when the last two bytes of <paramref name="frame"/> are the CRC_A of the rest.</summary>
    public static bool Check(ReadOnlySpan<byte> frame) =>
        frame.Length > 2 && Compute(frame[..^2]) == (ushort)(frame[^2] | (frame[^1] << 8));
}
