using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.OAuth;
using Connectors.Domain.Vault;

namespace Connectors.Domain.Connectors;

/// <summary>
/// The shared lifecycle of a connector that signs in with a form instead of OAuth: the state is
/// issued like any OAuth state and replayed by the host with the secret; the callback consumes it,
/// verifies the credentials against the real service, and only then vaults them.
/// </summary>
public abstract class CredentialConnector(OAuthStateStore states, CredentialVault vault) : IConnector, ISupportsCredentialForm, ISupportsCredentialVerification
{
    public abstract string Key { get; }

    public abstract string DisplayName { get; }

    public virtual IReadOnlyList<string> OAuthScopes => [];

    public abstract FormSchema CredentialForm { get; }

    /// <inheritdoc cref="ISupportsCredentialForm.CredentialFormFor"/>
    public virtual FormSchema CredentialFormFor(IReadOnlySet<string> tenantOAuthApps) => CredentialForm;

    /// <summary>One line on how an account signs in, shown on the connector's card.</summary>
    public virtual string SignInSummary => "Signs in with a password or key";

    protected CredentialVault Vault => vault;

    protected OAuthStateStore States => states;

    public virtual async Task<OAuthStart> InitiateOAuthAsync(OAuthInitiation request, CancellationToken ct) =>
        new(await states.IssueAsync(request.Account.Id, request.UserId, codeVerifier: null, ct), AuthorizeUrl: null);

    public virtual async Task HandleOAuthCallbackAsync(OAuthCallback callback, CancellationToken ct)
    {
        await states.ConsumeAsync(callback.State, callback.Account.Id, callback.UserId, ct);
        await VerifyCredentialsAsync(callback.Account, callback.Secrets, ct);
        await vault.SetSecretsAsync(callback.Account.Id, callback.Secrets, ct);
    }

    public Task VerifyAsync(ConnectorAccount account, IReadOnlyDictionary<string, string> secrets, CancellationToken ct) =>
        VerifyCredentialsAsync(account, secrets, ct);

    /// <summary>Signs in to the real service; throws <see cref="ConnectorAuthException"/> with the
    /// service's reason when refused. Must not store anything.</summary>
    protected abstract Task VerifyCredentialsAsync(ConnectorAccount account, IReadOnlyDictionary<string, string> secrets, CancellationToken ct);

    public abstract Task<SyncResult> SyncFullAsync(SyncContext context, CancellationToken ct);

    public abstract Task<SyncResult> SyncIncrementalAsync(SyncContext context, DateTime? since, CancellationToken ct);

    public virtual Task DisconnectAsync(ConnectorAccount account, CancellationToken ct) => vault.RemoveAsync(account.Id, ct);

    public abstract Task<HealthStatus> HealthAsync(ConnectorAccount account, CancellationToken ct);
}
