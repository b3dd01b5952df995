using System.Text.Json.Nodes;
using Connectors.Domain.Errors;
using Connectors.Domain.Vault;

namespace Connectors.Domain.OAuth;

/// <summary>
/// Tokens belong to the OAuth client they were granted to. The sign-in records that client's id with the account's
/// tokens; every later use checks it, so after the tenant switched apps (its own, or back to the deployment's) an account
/// connected through the other one is told to reconnect rather than failing obscurely at the provider.
/// </summary>
public static class GrantedClient
{
    /// <summary>The vault state key (non-secret <c>Extra</c>) of the client an account's tokens were granted to.</summary>
    public const string Key = "oauth.client_id";

    public static Task RecordAsync(CredentialVault vault, Guid accountId, OAuthClientSettings client, CancellationToken ct) =>
        vault.SetExtraKeyAsync(accountId, Key, JsonValue.Create(client.ClientId), ct);

    /// <summary>Throws <see cref="ConnectorAuthException"/> (→ Needs reconnect) when the account's tokens were granted to
    /// another client than <paramref name="client"/>; accounts connected before the record existed pass.</summary>
    public static async Task EnsureSameAsync(CredentialVault vault, Guid accountId, OAuthClientSettings client, string displayName, CancellationToken ct)
    {
        var granted = (await vault.GetAsync(accountId, ct))?.Extra[Key] is JsonValue v && v.TryGetValue<string>(out var id) ? id : null;
        if (granted is not null && granted != client.ClientId)
        {
            throw new ConnectorAuthException($"{displayName}'s OAuth app changed since this account was connected; reconnect it to grant access to the new one.");
        }
    }
}
