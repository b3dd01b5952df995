using System.Net.Http.Headers;
using Connectors.Domain.Errors;
using Connectors.Domain.Http;
using Connectors.Domain.Installations;
using Connectors.Domain.OAuth;
using Connectors.Domain.Vault;
using Microsoft.Extensions.Logging;

namespace Connectors.Domain.Connectors;

/// <summary>What every OAuth connector needs from the host, in one constructor parameter.</summary>
public sealed record OAuthConnectorServices(
    AuthorizationCodeGrant Grant,
    CredentialVault Vault,
    OAuthProviders Providers,
    AccessTokenSource AccessTokens,
    ProviderHttp Http,
    TimeProvider Clock,
    OAuthTokenClient TokenClient,
    TenantOAuthClients TenantApps,
    ILogger<OAuthConnector> Logger);

/// <summary>
/// The shared lifecycle of a connector that signs in with OAuth 2.0: the <see cref="AuthorizationCodeGrant"/>
/// issues the state (with a PKCE verifier where the provider takes one) and sends the browser to the provider's
/// authorize URL; the callback consumes the state for this account and user, exchanges the code, lets the connector make
/// one call with the new token, and only then vaults the tokens. API calls get a token refreshed ahead of
/// expiry under the account's lock. Provider endpoints come from <c>Connectors:OAuth:&lt;key&gt;:*</c>.
/// </summary>
public abstract partial class OAuthConnector(OAuthConnectorServices services) : IConnector, IReportsConfiguration, IOffersTenantOAuthApps
{
    public abstract string Key { get; }

    public abstract string DisplayName { get; }

    /// <summary>The real provider's endpoints and scopes.</summary>
    protected abstract OAuthProviderDefaults ProviderDefaults { get; }

    public IReadOnlyList<string> OAuthScopes => services.Providers.Scopes(Key, ProviderDefaults);

    /// <summary>The deployment setting that offers the connector to every tenant; a tenant with its own OAuth app needs
    /// none (the summary and the grant check that too).</summary>
    public string? MissingConfiguration => services.Providers.MissingClientIdSetting(Key);

    /// <summary>One client: the connector's own.</summary>
    public IReadOnlyList<OAuthAppSlot> OAuthAppSlots => [new(Key, DisplayName, MissingConfiguration is null)];

    protected OAuthConnectorServices Services => services;

    protected ProviderHttp Http => services.Http;

    protected TimeProvider Clock => services.Clock;

    /// <summary>The provider with the client this tenant uses — its own OAuth app, else the deployment's; a
    /// <see cref="ConnectorConfigurationException"/> naming the setting when there is neither. Read afresh each time.</summary>
    protected async Task<OAuthProvider> ProviderAsync(CancellationToken ct) =>
        services.Providers.Get(Key, DisplayName, ProviderDefaults, await services.TenantApps.FindAsync(Key, ct));

    public async Task<OAuthStart> InitiateOAuthAsync(OAuthInitiation request, CancellationToken ct)
    {
        var provider = await ProviderAsync(ct);
        return await services.Grant.StartAsync(request, provider.Client, provider.UsePkce, provider.AuthorizeParameters, ct);
    }

    public async Task HandleOAuthCallbackAsync(OAuthCallback callback, CancellationToken ct)
    {
        var provider = await ProviderAsync(ct);
        var granted = await services.Grant.CompleteAsync(callback, provider.Client, DisplayName, ct);
        await CheckAccessAsync(callback.Account, provider, Bearer(granted.AccessToken), ct);
        await services.Vault.SetTokensAsync(callback.Account.Id, granted, ct);
        await GrantedClient.RecordAsync(services.Vault, callback.Account.Id, provider.Client, ct);
    }

    /// <summary>Forgets the tokens. Providers whose tokens can be revoked may override to do so first.</summary>
    /// <summary>Revokes the account's grant at the provider (RFC 7009, when the provider has a revocation endpoint:
    /// the refresh token, else the access token), then forgets the tokens. A failed revocation is logged — without
    /// the token — and never blocks the deletion.</summary>
    public virtual async Task DisconnectAsync(ConnectorAccount account, CancellationToken ct)
    {
        await RevokeAsync(account, ct);
        await services.Vault.RemoveAsync(account.Id, ct);
    }

    private async Task RevokeAsync(ConnectorAccount account, CancellationToken ct)
    {
        try
        {
            var tenantApp = await services.TenantApps.FindAsync(Key, ct);
            if ((tenantApp is null && services.Providers.MissingClientIdSetting(Key) is not null)
                || services.Providers.Get(Key, DisplayName, ProviderDefaults, tenantApp) is not { RevocationEndpoint: { } endpoint } provider)
            {
                return;
            }

            var stored = await services.Vault.GetAsync(account.Id, ct);
            var (token, hint) = stored?.RefreshToken is { Length: > 0 } refresh ? (refresh, "refresh_token")
                : stored?.AccessToken is { Length: > 0 } access ? (access, "access_token")
                : (null, null);
            if (token is null)
            {
                return;
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            await services.TokenClient.RevokeAsync(provider.Client, endpoint, token, hint!, timeout.Token);
            LogRevoked(services.Logger, DisplayName, account.Id);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogRevocationFailed(services.Logger, DisplayName, account.Id, e is ConnectorException ? e.Message : e.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Revoked the {Provider} grant of account {AccountId} at the provider.")]
    private static partial void LogRevoked(ILogger logger, string provider, Guid accountId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not revoke the {Provider} grant of account {AccountId} at the provider ({Reason}); the account is deleted anyway.")]
    private static partial void LogRevocationFailed(ILogger logger, string provider, Guid accountId, string reason);

    public async Task<HealthStatus> HealthAsync(ConnectorAccount account, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            var provider = await ProviderAsync(timeout.Token);
            await CheckAccessAsync(account, provider, await Authorizer(account, provider)(timeout.Token), timeout.Token);
            return HealthStatus.Healthy($"Signed in to {DisplayName}.");
        }
        catch (ConnectorException e)
        {
            return HealthStatus.Failed(e);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return HealthStatus.Unhealthy($"{DisplayName} did not answer within 10 s.");
        }
    }

    public abstract Task<SyncResult> SyncFullAsync(SyncContext context, CancellationToken ct);

    public abstract Task<SyncResult> SyncIncrementalAsync(SyncContext context, DateTime? since, CancellationToken ct);

    /// <summary>One cheap, side-effect-free API call with <paramref name="authorization"/> (Drive's
    /// <c>about</c>, Notion's <c>users/me</c>): used after the code exchange and as the connection test.</summary>
    protected abstract Task CheckAccessAsync(ConnectorAccount account, OAuthProvider provider, AuthenticationHeaderValue authorization, CancellationToken ct);

    /// <summary>The bearer header source for one sync's API calls: it reads the vault once and again only when
    /// the token it holds comes within five minutes of its expiry (then refreshing it under the account's lock),
    /// so a long sync keeps a valid token without a vault read per request.</summary>
    protected Func<CancellationToken, Task<AuthenticationHeaderValue>> Authorizer(ConnectorAccount account, OAuthProvider provider)
    {
        AuthenticationHeaderValue? header = null;
        DateTime? renewAt = null;
        return async ct =>
        {
            if (header is null || renewAt <= Clock.GetUtcNow().UtcDateTime)
            {
                await GrantedClient.EnsureSameAsync(services.Vault, account.Id, provider.Client, DisplayName, ct);
                var token = await services.AccessTokens.GetTokenAsync(account.Id, provider.Client, ct);
                (header, renewAt) = (Bearer(token.Value), token.ExpiresAt - AccessTokenSource.RefreshBuffer);
            }

            return header;
        };
    }

    /// <summary>A URL under the provider's API base (configurable, so tests use a local fake).</summary>
    protected Uri Api(string relative) => new(services.Providers.ApiBaseUrl(Key, ProviderDefaults), relative);

    private static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);
}
