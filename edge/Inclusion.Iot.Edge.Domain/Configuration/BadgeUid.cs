namespace Inclusion.Iot.Edge.Domain.Configuration;

/// <summary>
/// The one rule for a badge UID, wherever it comes from (Tasmota's SENSOR JSON, an MfRc522 or Pn532 read on the
/// Pi, firmware-sim's badges file): ':', '-' and ' ' removed, upper-case hexadecimal, 4, 7 or 10 bytes (the ISO/IEC
/// 14443-3 UID sizes). <see cref="BadgeHash"/> hashes exactly this text.
/// </summary>
public static class BadgeUid
{
    /// <summary>The UID sizes in bytes a reader may report.</summary>
    public static readonly IReadOnlyList<int> ByteLengths = [4, 7, 10];

    /// <summary>True and the normalised UID when <paramref name="text"/> is one; false otherwise.</summary>
    public static bool TryNormalise(string? text, out string uid)
    {
        uid = string.Empty;
        if (text is null) return false;
        Span<char> buffer = stackalloc char[Math.Min(text.Length, 64)];
        var length = 0;
        foreach (var c in text)
        {
            if (c is ':' or '-' or ' ') continue;
            if (!Uri.IsHexDigit(c) || length == buffer.Length) return false;
            buffer[length++] = char.ToUpperInvariant(c);
        }

        if (length % 2 != 0 || !ByteLengths.Contains(length / 2)) return false;
        uid = new string(buffer[..length]);
        return true;
    }

    /// <summary>The UID of raw bytes as read from a card (an MfRc522 or Pn532 on the Pi).</summary>
    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, out string uid)
    {
        uid = string.Empty;
        if (!ByteLengths.Contains(bytes.Length)) return false;
        uid = Convert.ToHexString(bytes);
        return true;
    }
}
