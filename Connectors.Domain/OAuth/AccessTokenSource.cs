using Connectors.Domain.Connectors;
using Connectors.Domain.Errors;
using Connectors.Domain.Vault;

namespace Connectors.Domain.OAuth;

/// <summary>
/// An OAuth account's usable access token: the stored one while it has more than five
/// minutes left, otherwise refreshed under the account's lock — concurrent syncs of one account refresh
/// once, the others read the new token after the lock. A refused refresh (<c>invalid_grant</c>) is a
/// <see cref="ConnectorAuthException"/> (the account needs reconnecting); network errors are transient.
/// </summary>
public sealed class AccessTokenSource(CredentialVault vault, OAuthTokenClient tokens, TokenRefreshLocks locks, TimeProvider clock)
{
    public static readonly TimeSpan RefreshBuffer = TimeSpan.FromMinutes(5);

    public async Task<string> GetAsync(Guid accountId, OAuthClientSettings client, CancellationToken ct) =>
        (await GetTokenAsync(accountId, client, ct)).Value;

    /// <summary>The usable token with its expiry, so a caller can keep it until it nears that expiry
    /// instead of reading the vault for every request.</summary>
    public async Task<AccessToken> GetTokenAsync(Guid accountId, OAuthClientSettings client, CancellationToken ct)
    {
        var stored = await vault.GetAsync(accountId, ct)
            ?? throw new ConnectorAuthException("No credentials are stored for this account; reconnect it.");
        if (IsFresh(stored))
        {
            return new AccessToken(stored.AccessToken!, stored.AccessTokenExpiresAt);
        }

        using var _ = await locks.AcquireAsync(accountId, ct);
        var current = await vault.GetAsync(accountId, ct) ?? stored;
        if (IsFresh(current))
        {
            return new AccessToken(current.AccessToken!, current.AccessTokenExpiresAt);
        }

        var refreshToken = current.RefreshToken
            ?? throw new ConnectorAuthException("The access token expired and no refresh token is stored; reconnect the account.");
        var refreshed = await tokens.RefreshAsync(client, refreshToken, ct);
        await vault.SetTokensAsync(accountId, refreshed, ct);
        return new AccessToken(refreshed.AccessToken, refreshed.ExpiresAt);
    }

    private bool IsFresh(VaultEntry entry) =>
        entry.AccessToken is not null
        && (entry.AccessTokenExpiresAt is not { } expiry || expiry - clock.GetUtcNow().UtcDateTime > RefreshBuffer);
}

/// <summary>An access token and when it expires (null: the provider gave no expiry).</summary>
public sealed record AccessToken(string Value, DateTime? ExpiresAt)
{
    /// <summary>Says when the token expires, never the token (a record would print it).</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("ExpiresAt = ").Append(ExpiresAt);
        return true;
    }
}
