using Connectors.Domain.Errors;
using Connectors.Domain.OAuth;
using Connectors.Domain.Vault;
using Microsoft.Extensions.Logging;

namespace Connectors.Domain.Connectors.Mcp;

/// <summary>
/// An MCP account's OAuth sign-in, end to end: discovery (RFC 9728, RFC 8414), the account's own client — registered
/// dynamically (RFC 7591) and reused on reconnect, or the one an admin registered by hand — the authorization code grant
/// with PKCE S256 and the <c>resource</c> parameter (RFC 8707) through the product's single-use state, tokens refreshed
/// five minutes before expiry under the account's lock, and on deletion revocation (RFC 7009) and deletion of the
/// registration (RFC 7592). The client and the tokens live in the vault; the discovered endpoints in its <c>Extra</c>.
/// </summary>
public sealed partial class McpAuthorization(
    McpAuthDiscovery discovery,
    McpClientRegistration registration,
    AuthorizationCodeGrant grant,
    AccessTokenSource accessTokens,
    OAuthTokenClient tokenClient,
    CredentialVault vault,
    TimeProvider clock,
    ILogger<McpAuthorization> logger)
{
    /// <summary>Discovers how <paramref name="server"/> signs in and, when it asks for OAuth, vaults the account's
    /// client and endpoints and returns the authorize URL; null when the server needs no sign-in.</summary>
    public async Task<OAuthStart?> StartAsync(OAuthInitiation request, Uri server, string? clientId, string? clientSecret, CancellationToken ct)
    {
        var found = await discovery.DiscoverAsync(server, null, ct);
        if (found is null)
        {
            return null;
        }

        var accountId = request.Account.Id;
        var stored = await vault.GetAsync(accountId, ct);
        var previous = stored is null ? null : McpSignIn.Read(stored.Extra);
        var previousClient = McpSignIn.Client(stored);
        RegisteredClient client;
        bool registered;
        if (clientId is not null)
        {
            (client, registered) = (new RegisteredClient(clientId, clientSecret, null, null), false);
        }
        else if (previous is { Registered: true } && previousClient is not null && previous.Issuer == found.Issuer)
        {
            (client, registered) = (previousClient, true); // Reconnecting: the account keeps its client.
        }
        else
        {
            (client, registered) = (await registration.RegisterAsync(found, request.RedirectUri, ct), true);
        }

        if (previous is { Registered: true } && previousClient is not null && previousClient.ClientId != client.ClientId)
        {
            await DeleteRegistrationAsync(previousClient, accountId, ct);
        }

        var signIn = McpSignIn.From(found, registered);
        await vault.SetSecretsAsync(accountId, McpSignIn.Secrets(client), ct);
        await vault.SetExtraKeyAsync(accountId, McpSignIn.Key, signIn.ToJson(), ct);
        return await grant.StartAsync(request, signIn.Settings(client), usePkce: true,
            [new KeyValuePair<string, string>("resource", signIn.Resource)], ct);
    }

    /// <summary>Ends an OAuth sign-in of the account, if it has one (it now signs in with a static token or not at all):
    /// the grant revoked and the registered client deleted as on deletion, then the tokens and endpoints forgotten.</summary>
    public async Task EndAsync(Guid accountId, CancellationToken ct)
    {
        if (!await UsesOAuthAsync(accountId, ct))
        {
            return;
        }

        await ForgetAsync(accountId, ct);
        await vault.SetExtraKeyAsync(accountId, McpSignIn.Key, null, ct);
        await vault.ClearTokensAsync(accountId, ct);
    }

    /// <summary>Whether the account signs in through OAuth (its connection was started that way).</summary>
    public async Task<bool> UsesOAuthAsync(Guid accountId, CancellationToken ct) =>
        (await vault.GetAsync(accountId, ct)) is { } entry && McpSignIn.Read(entry.Extra) is not null;

    /// <summary>Consumes the state and exchanges the code; <paramref name="check"/> proves the token with one call before
    /// it is vaulted.</summary>
    public async Task CompleteAsync(OAuthCallback callback, Func<string, CancellationToken, Task> check, CancellationToken ct)
    {
        var (signIn, client) = await RequireAsync(callback.Account.Id, ct);
        var granted = await grant.CompleteAsync(callback, signIn.Settings(client), McpAuthDiscovery.Provider, ct);
        await check(granted.AccessToken, ct);
        await vault.SetTokensAsync(callback.Account.Id, granted, ct);
    }

    /// <summary>The token source of one session: the vaulted access token, refreshed (with the resource) five minutes
    /// before it expires under the account's lock; read again only when it nears expiry.</summary>
    public async Task<Func<CancellationToken, Task<string?>>> BearerAsync(Guid accountId, CancellationToken ct)
    {
        var (signIn, client) = await RequireAsync(accountId, ct);
        var settings = signIn.Settings(client);
        AccessToken? token = null;
        return async ct2 =>
        {
            if (token is null || token.ExpiresAt - AccessTokenSource.RefreshBuffer <= clock.GetUtcNow().UtcDateTime)
            {
                token = await accessTokens.GetTokenAsync(accountId, settings, ct2);
            }

            return token.Value;
        };
    }

    /// <summary>Revokes the account's grant where the authorization server offers revocation, and deletes a client
    /// registered for it. Failures are logged — never a token — and never block the deletion.</summary>
    public async Task ForgetAsync(Guid accountId, CancellationToken ct)
    {
        VaultEntry? stored;
        try
        {
            stored = await vault.GetAsync(accountId, ct);
        }
        catch (VaultDecryptionException)
        {
            return;
        }

        if (stored is null || McpSignIn.Read(stored.Extra) is not { } signIn || McpSignIn.Client(stored) is not { } client)
        {
            return;
        }

        var (token, hint) = stored.RefreshToken is { Length: > 0 } refresh ? (refresh, "refresh_token")
            : stored.AccessToken is { Length: > 0 } access ? (access, "access_token")
            : (null, null);
        if (signIn.RevocationEndpoint is { } endpoint && token is not null)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                await tokenClient.RevokeAsync(signIn.Settings(client), endpoint, token, hint!, timeout.Token);
                LogRevoked(logger, accountId, endpoint.Host);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                LogRevocationFailed(logger, accountId, endpoint.Host, Reason(e));
            }
        }

        if (signIn.Registered)
        {
            await DeleteRegistrationAsync(client, accountId, ct);
        }
    }

    private async Task DeleteRegistrationAsync(RegisteredClient client, Guid accountId, CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            if (await registration.DeleteAsync(client, timeout.Token))
            {
                LogRegistrationDeleted(logger, accountId);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogRegistrationDeleteFailed(logger, accountId, Reason(e));
        }
    }

    private async Task<(McpSignIn SignIn, RegisteredClient Client)> RequireAsync(Guid accountId, CancellationToken ct)
    {
        var stored = await vault.GetAsync(accountId, ct);
        return stored is not null && McpSignIn.Read(stored.Extra) is { } signIn && McpSignIn.Client(stored) is { } client
            ? (signIn, client)
            : throw new ConnectorAuthException("The account's sign-in to the MCP server is not stored; reconnect it.");
    }

    private static string Reason(Exception e) => e is ConnectorException ? e.Message : e.GetType().Name;

    [LoggerMessage(Level = LogLevel.Information, Message = "Revoked the MCP grant of account {AccountId} at {Host}.")]
    private static partial void LogRevoked(ILogger logger, Guid accountId, string host);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not revoke the MCP grant of account {AccountId} at {Host} ({Reason}); the account is deleted anyway.")]
    private static partial void LogRevocationFailed(ILogger logger, Guid accountId, string host, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted the OAuth client registered for account {AccountId}.")]
    private static partial void LogRegistrationDeleted(ILogger logger, Guid accountId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete the OAuth client registered for account {AccountId} ({Reason}); the account is deleted anyway.")]
    private static partial void LogRegistrationDeleteFailed(ILogger logger, Guid accountId, string reason);
}
