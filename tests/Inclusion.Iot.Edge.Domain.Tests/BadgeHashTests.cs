using System.Security.Cryptography;
using System.Text;
using Inclusion.Iot.Edge.Domain.Configuration;

namespace Inclusion.Iot.Edge.Domain.Tests;

public sealed class BadgeHashTests
{
    [Theory]
    [InlineData("04a1b2c3")]
    [InlineData("04:A1:B2:C3")]
    [InlineData("04-a1-b2-c3")]
    [InlineData("04 A1 B2 C3")]
    public void Uid_spellings_of_one_badge_hash_identically(string uid)
    {
        Assert.Equal(BadgeHash.Compute(RoomFixture.Salt, "04A1B2C3"), BadgeHash.Compute(RoomFixture.Salt, uid));
    }

    [Fact]
    public void Hash_is_HMAC_SHA256_keyed_with_the_salt_over_the_normalised_uid()
    {
        var expected = HMACSHA256.HashData(RoomFixture.Salt, Encoding.UTF8.GetBytes("04A1B2C3"));
        Assert.Equal(expected, BadgeHash.Compute(RoomFixture.Salt, "04:a1:b2:c3"));
    }

    [Fact]
    public void Another_salt_gives_another_hash()
    {
        Assert.NotEqual(BadgeHash.Compute([9, 9, 9], "04A1B2C3"), BadgeHash.Compute(RoomFixture.Salt, "04A1B2C3"));
    }
}
