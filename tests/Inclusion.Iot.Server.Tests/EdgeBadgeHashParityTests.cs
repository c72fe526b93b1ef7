using System.Text;
using EdgeBadgeHash = Inclusion.Iot.Edge.Domain.Configuration.BadgeHash;
using ServerBadgeHash = Inclusion.Iot.Server.Api.Badges.BadgeHash;

namespace Inclusion.Iot.Server.Tests;

/// <summary>
/// The server stores badge hashes and the edge recomputes them from what a reader reports; a badge is only
/// recognised if both implementations agree, byte for byte, for every spelling a reader or an admin may use.
/// </summary>
public sealed class EdgeBadgeHashParityTests
{
    public static TheoryData<string> Uids => new()
    {
        // 4-byte (MIFARE Classic), 7-byte (Ultralight / DESFire), 10-byte (triple size) UIDs.
        "04A1B2C3",
        "04a1b2c3",
        "04:a1:b2:c3",
        "04-A1-B2-C3",
        "04 a1 b2 c3",
        "04112233445566",
        "04:1a:2b:3c:4d:5e:6f",
        "04-1A-2B-3C-4D-5E-6F",
        "04 1a 2b 3c 4d 5e 6f",
        "0411223344556677889A",
        "04:11:22:33:44:55:66:77:88:9a",
        "04-11-22-33-44-55-66-77-88-9A",
        "04 11 22 33 44 55 66 77 88 9a",
        "04:1a-2B 3c",
    };

    public static TheoryData<byte[]> Salts => new()
    {
        new byte[] { 7, 1, 4, 2, 8, 5, 7, 1, 4, 2, 8, 5 },
        Encoding.UTF8.GetBytes("a 32-byte organisation badge salt"),
    };

    [Theory]
    [MemberData(nameof(Uids))]
    public void The_edge_computes_the_same_badge_hash_as_the_server_for_every_uid_spelling(string uid)
    {
        foreach (var salt in Salts)
        {
            Assert.Equal(ServerBadgeHash.Compute(salt, uid), EdgeBadgeHash.Compute(salt, uid));
        }
    }

    [Fact]
    public void Every_spelling_of_one_badge_hashes_to_the_servers_hash_of_its_canonical_uid()
    {
        byte[] salt = [7, 1, 4, 2, 8, 5, 7, 1, 4, 2, 8, 5];
        var canonical = ServerBadgeHash.Compute(salt, "041A2B3C4D5E6F");
        foreach (var spelling in new[] { "04:1a:2b:3c:4d:5e:6f", "04-1A-2B-3C-4D-5E-6F", "04 1a 2b 3c 4d 5e 6f", "041a2b3c4d5e6f" })
        {
            Assert.Equal(canonical, EdgeBadgeHash.Compute(salt, spelling));
        }
    }
}
