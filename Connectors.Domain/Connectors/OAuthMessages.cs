using Connectors.Domain.Installations;

namespace Connectors.Domain.Connectors;

/// <summary>Asks a connector to start authorizing <see cref="Account"/> for <see cref="UserId"/>. A credential form that
/// leads on to a consent screen (an MCP server with a pre-registered client) gets the form's validated
/// <see cref="Secrets"/> here, to vault what the code exchange will need; they must never be logged or echoed.</summary>
public sealed record OAuthInitiation(ConnectorAccount Account, string UserId, Uri RedirectUri, IReadOnlyDictionary<string, string>? Secrets = null);

/// <summary>The issued state and, for a real OAuth provider, where to send the browser. A null
/// <see cref="AuthorizeUrl"/> means "complete now with the submitted credentials".</summary>
public sealed record OAuthStart(string State, Uri? AuthorizeUrl)
{
    public bool CompletesWithCredentials => AuthorizeUrl is null;
}

/// <summary>The provider's answer (code) or, for a credential connector, the replayed state with
/// the submitted secrets. <see cref="Secrets"/> must never be logged or echoed.</summary>
public sealed record OAuthCallback(
    ConnectorAccount Account,
    string UserId,
    string State,
    string? Code,
    IReadOnlyDictionary<string, string> Secrets,
    Uri? RedirectUri = null)
{
    /// <summary>True for the provider's redirect back to the app (it carries the redirect URI the code was issued for);
    /// false for a credential form's replay of the state.</summary>
    public bool FromProvider => RedirectUri is not null;
}
