using System.Security.Cryptography;
using System.Text;

namespace Inclusion.Iot.Server.Api.Badges;

/// <summary>
/// The badge hash the server stores and sends, and the edge computes from what a reader reports:
/// HMAC-SHA256, key = the organisation's badge salt, message = UTF-8 of the UID upper-cased with ':', '-' and ' ' removed.
/// </summary>
public static class BadgeHash
{
    public static byte[] Compute(ReadOnlySpan<byte> salt, string uid)
    {
        ArgumentNullException.ThrowIfNull(uid);
        return HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(Normalise(uid)));
    }

    public static string Normalise(string uid)
    {
        ArgumentNullException.ThrowIfNull(uid);
        var builder = new StringBuilder(uid.Length);
        foreach (var c in uid)
        {
            if (c is not (':' or '-' or ' '))
            {
                builder.Append(char.ToUpperInvariant(c));
            }
        }

        return builder.ToString();
    }
}
