using Connectors.Domain.Errors;
using Connectors.Domain.Installations;

namespace Connectors.Domain.Connectors;

/// <summary>
/// The contract every connector implements. OAuth and credential connectors share one
/// lifecycle: the host calls <see cref="InitiateOAuthAsync"/>, which issues the state; a credential
/// connector answers without an authorize URL and the host replays the state at once through
/// <see cref="HandleOAuthCallbackAsync"/> carrying the submitted secret.
/// </summary>
public interface IConnector
{
    /// <summary>Stable kebab-case key (<c>^[a-z0-9]+(-[a-z0-9]+)*$</c>).</summary>
    string Key { get; }

    string DisplayName { get; }

    string IconUrl => $"/connectors/{Key}.svg";

    IReadOnlyList<string> OAuthScopes { get; }

    /// <summary>One line on how an account signs in, shown on the connector's card.</summary>
    string SignInSummary => this is Forms.ISupportsCredentialForm ? "Signs in with a password or key" : "Signs in with OAuth";

    /// <summary>Issues a state bound to the account and user and returns where to send the browser.</summary>
    Task<OAuthStart> InitiateOAuthAsync(OAuthInitiation request, CancellationToken ct);

    /// <summary>Verifies and consumes the state, then stores the credentials in the vault.
    /// Throws <see cref="ConnectorAuthException"/> when the provider refuses them.</summary>
    Task HandleOAuthCallbackAsync(OAuthCallback callback, CancellationToken ct);

    Task<SyncResult> SyncFullAsync(SyncContext context, CancellationToken ct);

    /// <summary>Fetches what changed since <paramref name="since"/>; null falls back to a full sync.</summary>
    Task<SyncResult> SyncIncrementalAsync(SyncContext context, DateTime? since, CancellationToken ct);

    /// <summary>Clears credentials and may revoke them upstream. Errors are logged by the host, never block deletion.</summary>
    Task DisconnectAsync(ConnectorAccount account, CancellationToken ct);

    /// <summary>Fast and side-effect free; reports instead of throwing.</summary>
    Task<HealthStatus> HealthAsync(ConnectorAccount account, CancellationToken ct);
}
