using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Connectors.Domain.OAuth;

/// <summary>PKCE S256 (RFC 7636).</summary>
public static class Pkce
{
    public static string CreateVerifier() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Challenge(string verifier) =>
        WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
}
