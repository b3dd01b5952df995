using Connectors.Domain.Errors;
using Connectors.Domain.OAuth;
using Connectors.Domain.Vault;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Connectors.Domain.Connectors;

/// <summary>
/// The OAuth 2.0 authorization-code grant (RFC 6749 §4.1, with PKCE where the provider takes it), as every
/// connector that signs in through a provider's consent screen uses it: <see cref="StartAsync"/> issues the
/// single-use state bound to account and user and builds the authorize URL; <see cref="CompleteAsync"/>
/// consumes that state for the same account and user and exchanges the code. What the connector does with
/// the tokens — one API call to prove them, then the vault — stays the connector's.
/// </summary>
public sealed class AuthorizationCodeGrant(OAuthStateStore states, OAuthTokenClient tokens, IOptions<ConnectorsOptions> options)
{
    /// <summary>Issues the state (with a PKCE verifier when <paramref name="usePkce"/>) and the URL that sends the
    /// browser to <paramref name="client"/>'s authorize endpoint; <paramref name="parameters"/> are the provider's
    /// extra authorize parameters (Google's <c>access_type=offline</c>, a <c>login_hint</c>).</summary>
    public async Task<OAuthStart> StartAsync(
        OAuthInitiation request,
        OAuthClientSettings client,
        bool usePkce,
        IEnumerable<KeyValuePair<string, string>> parameters,
        CancellationToken ct)
    {
        var verifier = usePkce ? Pkce.CreateVerifier() : null;
        var state = await states.IssueAsync(request.Account.Id, request.UserId, verifier, ct);
        var query = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = client.ClientId,
            ["redirect_uri"] = request.RedirectUri.ToString(),
            ["state"] = state,
        };
        if (client.Scopes.Count > 0)
        {
            query["scope"] = string.Join(' ', client.Scopes);
        }

        if (verifier is not null)
        {
            query["code_challenge"] = Pkce.Challenge(verifier);
            query["code_challenge_method"] = "S256";
        }

        foreach (var (name, value) in parameters)
        {
            query[name] = value;
        }

        return new OAuthStart(state, new Uri(QueryHelpers.AddQueryString(client.AuthorizeEndpoint.ToString(), query)));
    }

    /// <summary>Consumes the callback's state for its account and user (an unknown, expired or reused state
    /// throws <see cref="OAuthStateException"/>), then exchanges the code — with the state's PKCE verifier —
    /// for tokens. Nothing is stored.</summary>
    public async Task<OAuthTokens> CompleteAsync(OAuthCallback callback, OAuthClientSettings client, string providerName, CancellationToken ct)
    {
        var consumed = await states.ConsumeAsync(callback.State, callback.Account.Id, callback.UserId, ct);
        var code = callback.Code ?? throw new ConnectorAuthException($"{providerName} returned no authorization code.");
        return await tokens.ExchangeCodeAsync(client, code, consumed.CodeVerifier,
            callback.RedirectUri ?? options.Value.OAuthCallbackUri, ct);
    }
}
