using System.Security.Cryptography;
using System.Text;

namespace Inclusion.Iot.Testing;

/// <summary>
/// Writes a Mosquitto 2 password file line (<c>user:$7$iterations$salt$hash</c>, PBKDF2-HMAC-SHA512), the
/// format <c>mosquitto_passwd</c> produces, so fixtures need no extra tool and the Docker path can use it too.
/// </summary>
public static class MosquittoPasswordFile
{
    private const int Iterations = 101;
    private const int SaltBytes = 12;
    private const int HashBytes = 64;

    public static string Line(string username, string password)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(username);
        if (username.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("A Mosquitto user name cannot contain ':'.", nameof(username));
        }

        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA512, HashBytes);
        return $"{username}:$7${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <summary>A random password for a throwaway broker or database (never committed, never reused).</summary>
    public static string RandomPassword() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
}
