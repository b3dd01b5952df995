using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Connectors.Domain.Connectors;
using Connectors.Domain.Errors;
using Connectors.Domain.Vault;

namespace Connectors.Domain.OAuth;

/// <summary>The token endpoint calls of OAuth 2.0 (RFC 6749 §4.1.3 and §6), shared by every OAuth
/// connector. A refused grant (<c>invalid_grant</c> and friends) is a <see cref="ConnectorAuthException"/>:
/// the account needs reconnecting. Network failures and 5xx answers are transient.</summary>
public sealed class OAuthTokenClient(HttpClient http, TimeProvider clock)
{
    public Task<OAuthTokens> ExchangeCodeAsync(OAuthClientSettings client, string code, string? codeVerifier, Uri redirectUri, CancellationToken ct) =>
        RequestAsync(client, new Dictionary<string, string?>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri.ToString(),
            ["code_verifier"] = codeVerifier,
            ["resource"] = client.Resource,
        }, ct);

    public Task<OAuthTokens> RefreshAsync(OAuthClientSettings client, string refreshToken, CancellationToken ct) =>
        RequestAsync(client, new Dictionary<string, string?>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["resource"] = client.Resource,
        }, ct);

    /// <summary>RFC 7009 token revocation: posts <paramref name="token"/> (with its type hint) to
    /// <paramref name="endpoint"/>, authenticated as the client. The endpoint answers 200 whether or not the token was
    /// still valid; any other answer throws a <see cref="ConnectorApiException"/> naming the host and status (never the
    /// token or the body).</summary>
    public async Task RevokeAsync(OAuthClientSettings client, Uri endpoint, string token, string tokenTypeHint, CancellationToken ct)
    {
        using var request = TokenRequest(client with { TokenEndpoint = endpoint }, new Dictionary<string, string?>
        {
            ["token"] = token,
            ["token_type_hint"] = tokenTypeHint,
        });
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException e) when (e.InnerException is ConnectorException refused)
        {
            throw refused; // The host guard refused the address.
        }
        catch (HttpRequestException e)
        {
            throw new ConnectorApiException($"The revocation endpoint {endpoint.Host} is unreachable ({e.HttpRequestError}).", inner: e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new ConnectorApiException($"The revocation endpoint {endpoint.Host} answered HTTP {(int)response.StatusCode}.");
            }
        }
    }

    private async Task<OAuthTokens> RequestAsync(OAuthClientSettings client, Dictionary<string, string?> form, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            using var request = TokenRequest(client, form);
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException e) when (e.InnerException is ConnectorException refused)
        {
            throw refused; // The host guard refused the address.
        }
        catch (HttpRequestException e)
        {
            throw new ConnectorApiException($"The token endpoint {client.TokenEndpoint.Host} is unreachable ({e.HttpRequestError}).", inner: e);
        }

        using (response)
        {
            var body = await ReadAsync(response, ct);
            if (response.IsSuccessStatusCode && body?.AccessToken is { Length: > 0 } access)
            {
                return new OAuthTokens(access, body.RefreshToken,
                    body.ExpiresIn is { } seconds ? clock.GetUtcNow().UtcDateTime.AddSeconds(seconds) : null);
            }

            if (response.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
            {
                throw new ConnectorApiException($"The token endpoint {client.TokenEndpoint.Host} is rate limiting requests.",
                    Http.ProviderHttp.RetryAfter(response));
            }

            if ((int)response.StatusCode >= 500)
            {
                throw new ConnectorApiException($"The token endpoint {client.TokenEndpoint.Host} failed with {(int)response.StatusCode}.");
            }

            // Only the error code, and only in a code's shape: a token endpoint may echo the request —
            // the client secret and the code — in its description or anywhere else in the body.
            var error = Http.ProviderErrorCode.Accept(body?.Error) is { } code
                ? $"HTTP {(int)response.StatusCode}, {code}"
                : $"HTTP {(int)response.StatusCode}";
            throw new ConnectorAuthException($"The provider refused the grant ({error}); reconnect the account.");
        }
    }

    /// <summary>RFC 6749's form post with the client credentials in the body, or — for providers such as
    /// Notion — a JSON body with the client credentials in an HTTP Basic header.</summary>
    private static HttpRequestMessage TokenRequest(OAuthClientSettings client, Dictionary<string, string?> form)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, client.TokenEndpoint);
        if (client.ClientAuthentication == OAuthClientAuthentication.BasicHeaderJsonBody)
        {
            var basic = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{client.ClientId}:{client.ClientSecret}"));
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", basic);
            request.Content = JsonContent.Create(form.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value));
            return request;
        }

        form["client_id"] = client.ClientId;
        form["client_secret"] = client.ClientSecret;
        request.Content = new FormUrlEncodedContent(
            form.Where(p => p.Value is not null).Select(p => new KeyValuePair<string, string>(p.Key, p.Value!)));
        return request;
    }

    private static async Task<TokenResponse?> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<TokenResponse>(ct);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("refresh_token")] string? RefreshToken,
        [property: JsonPropertyName("expires_in")] int? ExpiresIn,
        [property: JsonPropertyName("error")] string? Error);
}

/// <summary>An OAuth client registration at one provider. <see cref="Resource"/> is the RFC 8707 resource indicator
/// sent with the code exchange and every refresh (an MCP server's URL), so the tokens are bound to it; null for
/// providers that take none.</summary>
public sealed record OAuthClientSettings(
    string ClientId,
    string? ClientSecret,
    Uri AuthorizeEndpoint,
    Uri TokenEndpoint,
    IReadOnlyList<string> Scopes,
    OAuthClientAuthentication ClientAuthentication = OAuthClientAuthentication.RequestBody,
    string? Resource = null)
{
    /// <summary>Names the client, never its secret (a record would print it).</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("ClientId = ").Append(ClientId).Append(", TokenEndpoint = ").Append(TokenEndpoint);
        return true;
    }
}

/// <summary>How the client authenticates at the token endpoint.</summary>
public enum OAuthClientAuthentication
{
    /// <summary>RFC 6749 §2.3.1: <c>client_id</c> and <c>client_secret</c> in the form body.</summary>
    RequestBody,

    /// <summary>HTTP Basic with the client credentials and a JSON body (Notion).</summary>
    BasicHeaderJsonBody,
}
