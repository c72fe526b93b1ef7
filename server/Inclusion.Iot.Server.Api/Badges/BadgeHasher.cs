using Inclusion.Iot.Server.Records.Programmes;

namespace Inclusion.Iot.Server.Api.Badges;

/// <summary><see cref="BadgeHash"/> for the records layer (a new pupil's badge on the programme pages).</summary>
public sealed class BadgeHasher : IBadgeHasher
{
    /// <summary>Readers report 4-, 7- or 10-byte UIDs: 8 to 20 hex digits once normalised.</summary>
    public bool IsWellFormed(string uid)
    {
        ArgumentNullException.ThrowIfNull(uid);
        var normalised = BadgeHash.Normalise(uid.Trim());
        return normalised.Length is >= 8 and <= 20 && normalised.Length % 2 == 0 && normalised.All(Uri.IsHexDigit);
    }

    public byte[] Hash(ReadOnlySpan<byte> salt, string uid) => BadgeHash.Compute(salt, uid.Trim());
}
