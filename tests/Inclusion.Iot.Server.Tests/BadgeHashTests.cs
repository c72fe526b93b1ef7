using System.Security.Cryptography;
using System.Text;
using Inclusion.Iot.Server.Api.Badges;

namespace Inclusion.Iot.Server.Tests;

public sealed class BadgeHashTests
{
    private static readonly byte[] Salt = Encoding.UTF8.GetBytes("a test salt, not a real one");

    [Theory]
    [InlineData("04A1B2C3")]
    [InlineData("04a1b2c3")]
    [InlineData("04:A1:B2:C3")]
    [InlineData("04-a1-b2-c3")]
    [InlineData("04 A1 B2 C3")]
    public void The_hash_is_hmac_sha256_of_the_upper_case_uid_without_separators(string spelling)
    {
        var expected = HMACSHA256.HashData(Salt, Encoding.UTF8.GetBytes("04A1B2C3"));
        Assert.Equal(expected, BadgeHash.Compute(Salt, spelling));
    }

    [Fact]
    public void Another_salt_gives_another_hash()
    {
        Assert.NotEqual(BadgeHash.Compute(Salt, "04110001"), BadgeHash.Compute(Encoding.UTF8.GetBytes("other"), "04110001"));
    }
}
