using System.Security.Cryptography;
using System.Text;

namespace Dual.Track.Web;

/// <summary>The per-run secret: random, URL-safe, compared in constant time.</summary>
internal static class Tokens
{
    public static string Create() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    public static bool Equal(string? given, string expected) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
}
