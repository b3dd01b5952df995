using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Connectors.Domain.AccessTokens;

/// <summary>
/// The token text: <c>cka_</c> followed by 32 random bytes in base64url (47 characters). The prefix makes a
/// leaked token recognisable to secret scanners and lets the API tell it from any other bearer value
/// without a database read.
/// </summary>
public static class AccessTokenSecret
{
    public const string Prefix = "cka_";

    private const int RandomBytes = 32;
    private const int EncodedLength = 43;

    private static readonly SearchValues<char> Base64Url =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    public static string Generate() => Prefix + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(RandomBytes));

    /// <summary>What the database holds instead of the token.</summary>
    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>True when <paramref name="value"/> has the shape of a token (not whether it is valid).</summary>
    public static bool IsWellFormed(string? value) =>
        value is { Length: EncodedLength + 4 }
        && value.StartsWith(Prefix, StringComparison.Ordinal)
        && value.AsSpan(Prefix.Length).IndexOfAnyExcept(Base64Url) < 0;
}
