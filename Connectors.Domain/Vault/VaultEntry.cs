using System.Text.Json.Nodes;

namespace Connectors.Domain.Vault;

/// <summary>An account's decrypted credentials. <see cref="AccessToken"/> is null once expired
/// (the refresh token is still there to get a new one).</summary>
public sealed record VaultEntry(
    IReadOnlyDictionary<string, string> Secrets,
    string? AccessToken,
    string? RefreshToken,
    DateTime? AccessTokenExpiresAt,
    JsonObject Extra)
{
    /// <summary>Names which secrets are held, never their values (a record would print the tokens).</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Secrets = [").AppendJoin(", ", Secrets.Keys).Append("], AccessTokenExpiresAt = ").Append(AccessTokenExpiresAt);
        return true;
    }
}

/// <summary>Tokens from a provider. A null <see cref="RefreshToken"/> keeps the stored one
/// (providers often omit it on refresh).</summary>
public sealed record OAuthTokens(string AccessToken, string? RefreshToken, DateTime? ExpiresAt)
{
    /// <summary>Says when the token expires, never the tokens (a record would print them).</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("ExpiresAt = ").Append(ExpiresAt);
        return true;
    }
}

/// <summary>The stored ciphertext cannot be decrypted for this account (tampered, copied from
/// another row, or the key ring lost). The message names the account, never the content.</summary>
public sealed class VaultDecryptionException(Guid accountId, Exception inner)
    : Exception($"The stored credentials of account {accountId} cannot be decrypted; reconnect the account.", inner);
