using System.Net.Http.Headers;
using System.Text.Json.Serialization;
using Connectors.Domain.Errors;
using Connectors.Domain.Http;

namespace Connectors.Domain.Connectors.Mcp;

/// <summary>An OAuth client registered for one account: its id and secret, and — where the server supports client
/// management (RFC 7592) — the token and URL that delete the registration when the account is deleted. All of it is a
/// secret of that account.</summary>
public sealed record RegisteredClient(
    [property: JsonPropertyName("client_id")] string ClientId,
    [property: JsonPropertyName("client_secret")] string? ClientSecret,
    [property: JsonPropertyName("registration_access_token")] string? RegistrationAccessToken,
    [property: JsonPropertyName("registration_client_uri")] Uri? RegistrationClientUri)
{
    /// <summary>Names the client, never its secrets (a record would print them).</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("ClientId = ").Append(ClientId).Append(", ClientSecret = ").Append(ClientSecret is null ? "null" : "***");
        return true;
    }
}

/// <summary>
/// Dynamic client registration (RFC 7591) at an MCP server's authorization server: one client per connected account,
/// for the product's callback, authorization code with refresh, authenticated with a client secret when the server
/// issues one. Deleting it (RFC 7592) is best effort. Through the host guard like every discovered URL.
/// </summary>
public sealed class McpClientRegistration(ProviderHttp http, Microsoft.Extensions.Options.IOptions<ConnectorsOptions> options)
{
    public const string Provider = "The MCP authorization server";

    public async Task<RegisteredClient> RegisterAsync(McpAuthServer server, Uri redirectUri, CancellationToken ct)
    {
        if (server.RegistrationEndpoint is not { } endpoint)
        {
            throw new ConnectorConfigurationException(
                $"The authorization server {server.Issuer.Host} does not register clients dynamically; enter a Client ID (client_id) registered there.");
        }

        var request = new Dictionary<string, object?>
        {
            ["client_name"] = "Connectors admin",
            ["redirect_uris"] = new[] { redirectUri.ToString() },
            ["grant_types"] = new[] { "authorization_code", "refresh_token" },
            ["response_types"] = new[] { "code" },
            ["token_endpoint_auth_method"] = "client_secret_post",
        };
        if (server.Scopes.Count > 0)
        {
            request["scope"] = string.Join(' ', server.Scopes);
        }

        RegisteredClient registered;
        try
        {
            registered = await http.PostJsonAsync<RegisteredClient>(Provider, endpoint, request, null, ct);
        }
        catch (ConnectorConfigurationException e) when (e.ProviderStatus is not null)
        {
            throw new ConnectorConfigurationException($"{server.Issuer.Host} refused to register this application as a client ({e.Message}).", e);
        }

        if (string.IsNullOrEmpty(registered.ClientId))
        {
            throw new ConnectorApiException($"{server.Issuer.Host} registered the application but answered no client_id.");
        }

        // The management URL receives the registration token: held to the rules of every discovered URL, else unused.
        return registered.RegistrationClientUri is { } uri && !McpServerUrl.IsAcceptableDiscovered(uri, options.Value.Network.AllowPrivateHosts)
            ? registered with { RegistrationClientUri = null, RegistrationAccessToken = null }
            : registered;
    }

    /// <summary>Deletes the registration where the server said how (RFC 7592); false when it did not.</summary>
    public async Task<bool> DeleteAsync(RegisteredClient client, CancellationToken ct)
    {
        if (client is not { RegistrationClientUri: { } uri, RegistrationAccessToken: { Length: > 0 } token })
        {
            return false;
        }

        using var request = new HttpRequestMessage(HttpMethod.Delete, uri);
        using var response = await http.SendAsync(Provider, request, new AuthenticationHeaderValue("Bearer", token), ct);
        return true;
    }
}
