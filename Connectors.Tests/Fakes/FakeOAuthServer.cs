using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Connectors.Tests.Fakes;

/// <summary>
/// The OAuth 2.0 side of <see cref="FakeProviderServer"/>, one client registration per provider path
/// (<c>/{provider}/oauth/authorize</c> and <c>/{provider}/oauth/token</c>). The authorize endpoint shows
/// a consent page whose Allow button redirects to the client with a code and the state; the token
/// endpoint takes the authorization-code grant (checking the redirect URI and the PKCE S256 verifier
/// when a challenge was sent) and the refresh-token grant, with the client authenticated in the form
/// body (Google) or by HTTP Basic with a JSON body (Notion), and answers errors as RFC 6749 §5.2 does.
/// </summary>
public sealed class FakeOAuthServer
{
    public const string ClientId = "fake-client-id";
    public const string ClientSecret = "fake-client-secret";

    private readonly ConcurrentDictionary<string, IssuedCode> _codes = new();
    private readonly ConcurrentDictionary<string, TokenGrant> _access = new();
    private readonly ConcurrentDictionary<string, string> _refresh = new();

    public string BaseUrl { get; internal set; } = "";

    /// <summary>Clients besides <see cref="ClientId"/> that the endpoints accept — registered dynamically (RFC 7591):
    /// id → secret (null for a public client).</summary>
    public ConcurrentDictionary<string, string?> RegisteredClients { get; } = new();

    /// <summary>Providers whose codes and tokens are bound to a resource (RFC 8707): the authorize request must name
    /// it, and the code exchange and every refresh must name the same one (else <c>invalid_target</c>).</summary>
    public ConcurrentDictionary<string, string> RequireResource { get; } = new();

    /// <summary>Every <c>resource</c> parameter received: (provider, "authorize" or the grant type, value or null).</summary>
    public ConcurrentQueue<(string Provider, string Step, string? Resource)> Resources { get; } = new();

    /// <summary>Seconds an access token lives (<c>expires_in</c>); below 300 the app refreshes before each use.</summary>
    public int AccessTokenLifetimeSeconds { get; set; } = 3600;

    /// <summary>Providers that refuse an authorization code without a PKCE challenge.</summary>
    public HashSet<string> RequirePkce { get; } = new(StringComparer.Ordinal);

    /// <summary>Every token request: (provider, grant type), in order.</summary>
    public ConcurrentQueue<(string Provider, string Grant)> TokenRequests { get; } = new();

    /// <summary>Every authorization-code exchange with the verifier it carried (null when none).</summary>
    public ConcurrentQueue<(string Provider, string? CodeVerifier)> CodeExchanges { get; } = new();

    /// <summary>The user consenting on the page (shown to the app as the token's owner).</summary>
    public string ConsentingUser { get; set; } = "ada@example.test";

    public string AuthorizeEndpoint(string provider) => $"{BaseUrl}/{provider}/oauth/authorize";

    public string TokenEndpoint(string provider) => $"{BaseUrl}/{provider}/oauth/token";

    public string RevocationEndpoint(string provider) => $"{BaseUrl}/{provider}/oauth/revoke";

    /// <summary>RFC 7009 revocations received: the provider, the token type hint, and whether the token was one this
    /// server issued (the token itself is not kept).</summary>
    public ConcurrentQueue<(string Provider, string? Hint, bool Known)> Revocations { get; } = new();

    /// <summary>When set, the revocation endpoint answers this status instead of 200 (a provider outage).</summary>
    public int? RevocationFailureStatus { get; set; }

    public int RefreshCount(string provider) => TokenRequests.Count(r => r.Provider == provider && r.Grant == "refresh_token");

    /// <summary>The user revokes the app: every refresh token now gets <c>invalid_grant</c>, every access token 401.</summary>
    public void RevokeAll()
    {
        _refresh.Clear();
        _access.Clear();
    }

    /// <summary>Whether <paramref name="request"/> carries a live bearer token of <paramref name="provider"/>.</summary>
    public bool IsAuthorized(HttpRequest request, string provider)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal)
            && _access.TryGetValue(header["Bearer ".Length..], out var grant)
            && grant.Provider == provider
            && grant.ExpiresAt > DateTime.UtcNow;
    }

    /// <summary>What a click on Allow does: the redirect back to the client, for tests that drive the
    /// flow with HTTP instead of a browser.</summary>
    public string Approve(string provider, Uri authorizeUrl)
    {
        var query = QueryHelpers.ParseQuery(authorizeUrl.Query);
        return Consent(provider, query["client_id"].ToString(), query["redirect_uri"].ToString(), query["state"].ToString(),
            query.GetValueOrDefault("code_challenge").ToString(), query.GetValueOrDefault("code_challenge_method").ToString(),
            query.GetValueOrDefault("resource").ToString());
    }

    /// <summary>Issues an access token directly (a connection made earlier), expiring in <paramref name="lifetime"/>.</summary>
    public (string Access, string Refresh) IssueTokens(string provider, TimeSpan lifetime)
    {
        var access = "at-" + Guid.NewGuid().ToString("N");
        var refresh = "rt-" + Guid.NewGuid().ToString("N");
        _access[access] = new TokenGrant(provider, ConsentingUser, DateTime.UtcNow + lifetime);
        _refresh[refresh] = provider;
        return (access, refresh);
    }

    internal void Map(WebApplication app)
    {
        app.MapGet("/{provider}/oauth/authorize", (string provider, HttpRequest request) => ConsentPage(provider, request));
        app.MapPost("/{provider}/oauth/consent", async (string provider, HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            if (form["decision"] == "deny")
            {
                return Results.Redirect(QueryHelpers.AddQueryString(form["redirect_uri"].ToString(),
                    new Dictionary<string, string?> { ["error"] = "access_denied", ["state"] = form["state"] }));
            }

            return Results.Redirect(Consent(provider, form["client_id"].ToString(), form["redirect_uri"].ToString(), form["state"].ToString(),
                form["code_challenge"].ToString(), form["code_challenge_method"].ToString(), form["resource"].ToString()));
        });
        app.MapPost("/{provider}/oauth/token", (string provider, HttpRequest request) => TokenAsync(provider, request));
        app.MapPost("/{provider}/oauth/revoke", (string provider, HttpRequest request) => RevokeAsync(provider, request));
    }

    private bool IsClient(string? clientId) => clientId == ClientId || (clientId is not null && RegisteredClients.ContainsKey(clientId));

    private bool Authenticates(string? clientId, string? clientSecret) =>
        (clientId == ClientId && clientSecret == ClientSecret)
        || (clientId is not null && RegisteredClients.TryGetValue(clientId, out var secret) && (secret is null || secret == clientSecret));

    private IResult ConsentPage(string provider, HttpRequest request)
    {
        var q = request.Query;
        Resources.Enqueue((provider, "authorize", q.ContainsKey("resource") ? q["resource"].ToString() : null));
        if (!IsClient(q["client_id"]) || string.IsNullOrEmpty(q["redirect_uri"]) || q["response_type"] != "code")
        {
            return Results.Content("<h1>Error 400: invalid_request</h1><p>Unknown client or missing redirect_uri.</p>", "text/html", statusCode: 400);
        }

        if (RequireResource.TryGetValue(provider, out var resource) && q["resource"] != resource)
        {
            return Results.Content("<h1>Error 400: invalid_target</h1><p>The resource parameter is missing or names another server.</p>", "text/html", statusCode: 400);
        }

        string Hidden(string name) => $"<input type=\"hidden\" name=\"{name}\" value=\"{WebUtility.HtmlEncode(q[name].ToString())}\">";
        var html = $$"""
            <!doctype html><html><head><title>Sign in – {{WebUtility.HtmlEncode(provider)}} (fake)</title>
            <style>body{font-family:sans-serif;max-width:28rem;margin:4rem auto;padding:2rem;border:1px solid #ddd;border-radius:8px}
            button{font-size:1rem;padding:.5rem 1.25rem;margin-right:.5rem}</style></head><body>
            <h1>Fake {{WebUtility.HtmlEncode(provider)}}</h1>
            <p data-testid="consent-text">Connectors admin wants to read your content ({{WebUtility.HtmlEncode(q["scope"].ToString())}}).</p>
            <form method="post" action="/{{WebUtility.HtmlEncode(provider)}}/oauth/consent">
            {{Hidden("client_id")}}{{Hidden("redirect_uri")}}{{Hidden("state")}}{{Hidden("code_challenge")}}{{Hidden("code_challenge_method")}}{{Hidden("resource")}}
            <button type="submit" name="decision" value="allow" data-testid="consent-allow">Allow</button>
            <button type="submit" name="decision" value="deny" data-testid="consent-deny">Deny</button>
            </form></body></html>
            """;
        return Results.Content(html, "text/html");
    }

    private string Consent(string provider, string clientId, string redirectUri, string state, string challenge, string method, string resource)
    {
        if (!IsClient(clientId))
        {
            throw new InvalidOperationException("Unknown client id.");
        }

        var code = "code-" + Guid.NewGuid().ToString("N");
        _codes[code] = new IssuedCode(provider, redirectUri, string.IsNullOrEmpty(challenge) ? null : challenge, method, clientId,
            string.IsNullOrEmpty(resource) ? null : resource);
        return QueryHelpers.AddQueryString(redirectUri, new Dictionary<string, string?> { ["code"] = code, ["state"] = state });
    }

    /// <summary>RFC 7009: authenticates the client, forgets the token (a refresh token takes its access tokens with it),
    /// and answers 200 whether or not the token was known.</summary>
    private async Task<IResult> RevokeAsync(string provider, HttpRequest request)
    {
        var (parameters, clientId, clientSecret) = await ReadTokenRequestAsync(request);
        if (RevocationFailureStatus is { } status)
        {
            return Results.StatusCode(status);
        }

        if (!Authenticates(clientId, clientSecret))
        {
            return Error("invalid_client", "Client authentication failed.", 401);
        }

        var token = parameters.GetValueOrDefault("token") ?? "";
        var known = _refresh.TryRemove(token, out var owner) && owner == provider;
        if (known)
        {
            // The grant ends: its access tokens stop working too.
            foreach (var access in _access.Where(a => a.Value.Provider == provider).Select(a => a.Key).ToList())
            {
                _access.TryRemove(access, out _);
            }
        }

        known |= _access.TryRemove(token, out _);
        Revocations.Enqueue((provider, parameters.GetValueOrDefault("token_type_hint"), known));
        return Results.Ok();
    }

    private async Task<IResult> TokenAsync(string provider, HttpRequest request)
    {
        var (parameters, clientId, clientSecret) = await ReadTokenRequestAsync(request);
        var grant = parameters.GetValueOrDefault("grant_type") ?? "";
        TokenRequests.Enqueue((provider, grant));
        Resources.Enqueue((provider, grant, parameters.GetValueOrDefault("resource")));
        if (!Authenticates(clientId, clientSecret))
        {
            return Error("invalid_client", "Client authentication failed.", 401);
        }

        if (RequireResource.TryGetValue(provider, out var boundTo) && parameters.GetValueOrDefault("resource") != boundTo)
        {
            return Error("invalid_target", "The resource parameter is missing or names another server.");
        }

        if (grant == "authorization_code")
        {
            var verifier = parameters.GetValueOrDefault("code_verifier");
            CodeExchanges.Enqueue((provider, verifier));
            if (!_codes.TryRemove(parameters.GetValueOrDefault("code") ?? "", out var issued) || issued.Provider != provider)
            {
                return Error("invalid_grant", "The authorization code is invalid or was already used.");
            }

            if (issued.ClientId != clientId)
            {
                return Error("invalid_grant", "The authorization code was issued to another client.");
            }

            if (issued.RedirectUri != parameters.GetValueOrDefault("redirect_uri"))
            {
                return Error("invalid_grant", "redirect_uri does not match the authorization request.");
            }

            if (issued.Challenge is null && RequirePkce.Contains(provider))
            {
                return Error("invalid_request", "PKCE is required: the authorization request carried no code_challenge.");
            }

            if (issued.Challenge is not null && (issued.Method != "S256" || verifier is null || S256(verifier) != issued.Challenge))
            {
                return Error("invalid_grant", "code_verifier does not match the code_challenge.");
            }

            return Issue(provider);
        }

        if (grant == "refresh_token")
        {
            return _refresh.TryGetValue(parameters.GetValueOrDefault("refresh_token") ?? "", out var owner) && owner == provider
                ? Issue(provider, keepRefresh: parameters["refresh_token"])
                : Error("invalid_grant", "Token has been expired or revoked.");
        }

        return Error("unsupported_grant_type", $"grant_type '{grant}' is not supported.");
    }

    private IResult Issue(string provider, string? keepRefresh = null)
    {
        var access = "at-" + Guid.NewGuid().ToString("N");
        _access[access] = new TokenGrant(provider, ConsentingUser, DateTime.UtcNow.AddSeconds(AccessTokenLifetimeSeconds));
        string? refresh = null;
        if (keepRefresh is null)
        {
            refresh = "rt-" + Guid.NewGuid().ToString("N");
            _refresh[refresh] = provider;
        }

        // Like Google, a refresh answer carries no new refresh token: the client keeps the one it has.
        return Results.Json(new Dictionary<string, object?>
        {
            ["access_token"] = access,
            ["token_type"] = "Bearer",
            ["expires_in"] = AccessTokenLifetimeSeconds,
            ["refresh_token"] = refresh,
        }.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value));
    }

    private static async Task<(Dictionary<string, string> Parameters, string? ClientId, string? ClientSecret)> ReadTokenRequestAsync(HttpRequest request)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.HasFormContentType)
        {
            foreach (var (key, value) in await request.ReadFormAsync())
            {
                parameters[key] = value.ToString();
            }
        }
        else
        {
            using var json = await JsonDocument.ParseAsync(request.Body);
            foreach (var property in json.RootElement.EnumerateObject())
            {
                parameters[property.Name] = property.Value.ToString();
            }
        }

        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..])).Split(':', 2);
            return (parameters, pair[0], pair.ElementAtOrDefault(1));
        }

        return (parameters, parameters.GetValueOrDefault("client_id"), parameters.GetValueOrDefault("client_secret"));
    }

    private static IResult Error(string error, string description, int status = 400) =>
        Results.Json(new { error, error_description = description }, statusCode: status);

    private static string S256(string verifier) =>
        WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    private sealed record IssuedCode(string Provider, string RedirectUri, string? Challenge, string Method, string ClientId, string? Resource);

    private sealed record TokenGrant(string Provider, string User, DateTime ExpiresAt);
}
