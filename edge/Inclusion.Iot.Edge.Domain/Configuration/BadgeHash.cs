using System.Security.Cryptography;
using System.Text;

namespace Inclusion.Iot.Edge.Domain.Configuration;

/// <summary>
/// Badge UIDs never leave the reader's edge: both server and edge compare
/// HMAC-SHA256(key = badge salt, message = UTF-8 of the UID upper-cased with ':', '-' and ' ' removed).
/// </summary>
public static class BadgeHash
{
    /// <summary>The text that is hashed: <see cref="BadgeUid"/>'s rule for a valid UID; anything else only stripped and upper-cased (it matches no badge).</summary>
    public static string Normalise(string uid)
    {
        ArgumentNullException.ThrowIfNull(uid);
        if (BadgeUid.TryNormalise(uid, out var valid)) return valid;
        var builder = new StringBuilder(uid.Length);
        foreach (var c in uid)
        {
            if (c is ':' or '-' or ' ') continue;
            builder.Append(char.ToUpperInvariant(c));
        }

        return builder.ToString();
    }

    public static byte[] Compute(IReadOnlyList<byte> salt, string uid)
    {
        ArgumentNullException.ThrowIfNull(salt);
        byte[] key = [.. salt];
        return HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Normalise(uid)));
    }

    public static bool Matches(IReadOnlyList<byte> expected, ReadOnlySpan<byte> actual) =>
        expected.Count == actual.Length && CryptographicOperations.FixedTimeEquals(expected.ToArray(), actual);
}
