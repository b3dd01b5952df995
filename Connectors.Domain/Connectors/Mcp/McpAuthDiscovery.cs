using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Connectors.Domain.Errors;
using Connectors.Domain.Http;
using ModelContextProtocol.Authentication;

namespace Connectors.Domain.Connectors.Mcp;

/// <summary>Where and how an MCP server wants its clients to sign in: the protected resource it names (as it wrote it), and its
/// authorization server's endpoints (dynamic registration and revocation when it offers them).</summary>
public sealed record McpAuthServer(
    string Resource,
    Uri Issuer,
    Uri AuthorizationEndpoint,
    Uri TokenEndpoint,
    Uri? RegistrationEndpoint,
    Uri? RevocationEndpoint,
    IReadOnlyList<string> Scopes);

/// <summary>
/// The MCP authorization discovery a client performs before signing in: probe the server; on 401 read the protected
/// resource metadata (RFC 9728) from the <c>resource_metadata</c> parameter of <c>WWW-Authenticate</c>, else from the
/// well-known paths; then the authorization server's metadata (RFC 8414, falling back to OpenID discovery). Every URL
/// — typed or discovered — goes through the host guard (<see cref="ProviderHttp"/>'s handler), and a discovered one must
/// be https like the server's (plain http only where private hosts are allowed, in development and tests). The metadata must name
/// this server as its resource and the authorization server must offer PKCE with S256; otherwise the connection is
/// refused, saying which. Failures are the product's words, never the server's body.
/// </summary>
public sealed partial class McpAuthDiscovery(ProviderHttp http, Microsoft.Extensions.Options.IOptions<ConnectorsOptions> options)
{
    public const string Provider = "The MCP server";

    /// <summary>Null when the server answers without asking for authorization (an open server, or the static bearer
    /// token given was accepted).</summary>
    public async Task<McpAuthServer?> DiscoverAsync(Uri server, AuthenticationHeaderValue? staticToken, CancellationToken ct)
    {
        using var probe = new HttpRequestMessage(HttpMethod.Post, server)
        {
            Content = new StringContent(
                """{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"connectors-admin","version":"1.0"}}}""",
                Encoding.UTF8, "application/json"),
        };
        probe.Headers.Accept.ParseAdd("application/json");
        probe.Headers.Accept.ParseAdd("text/event-stream");
        probe.Headers.Authorization = staticToken;
        var (status, challenge) = await http.ProbeAsync(Provider, probe, ct);
        if (status != HttpStatusCode.Unauthorized)
        {
            return (int)status is >= 200 and < 300 ? null
                : throw new ConnectorConfigurationException($"{Provider} at {server.Host} answered HTTP {(int)status} to the MCP handshake; check Server URL (server_url).");
        }

        if (staticToken is not null)
        {
            throw new ConnectorAuthException($"{Provider} at {server.Host} refused the bearer token; check Bearer token (bearer_token).");
        }

        var resource = await ResourceMetadataAsync(server, challenge, ct);
        var issuer = (resource.AuthorizationServers ?? []).FirstOrDefault() is { } first && Uri.TryCreate(first, UriKind.Absolute, out var parsed)
            ? Acceptable(parsed, "its authorization server")
            : throw new ConnectorConfigurationException($"{Provider} at {server.Host} asks for sign-in but names no authorization server.");
        var metadata = await AuthorizationMetadataAsync(issuer, ct);
        if (!(metadata.CodeChallengeMethodsSupported ?? []).Contains("S256"))
        {
            throw new ConnectorConfigurationException($"The authorization server {issuer.Host} does not offer PKCE with S256, which MCP requires.");
        }

        return new McpAuthServer(
            resource.Resource!, // As published: the resource indicator must match it exactly (RFC 8707).
            issuer,
            Acceptable(metadata.AuthorizationEndpoint ?? throw Missing(issuer, "authorization_endpoint"), "authorization_endpoint"),
            Acceptable(metadata.TokenEndpoint ?? throw Missing(issuer, "token_endpoint"), "token_endpoint"),
            metadata.RegistrationEndpoint is { } registration ? Acceptable(registration, "registration_endpoint") : null,
            metadata.RevocationEndpoint is { } revocation ? Acceptable(revocation, "revocation_endpoint") : null,
            [.. resource.ScopesSupported ?? []]);
    }

    private async Task<ProtectedResourceMetadata> ResourceMetadataAsync(Uri server, string? challenge, CancellationToken ct)
    {
        var candidates = new List<Uri>();
        if (challenge is not null && ResourceMetadataParameter().Match(challenge) is { Success: true } match
            && Uri.TryCreate(match.Groups["url"].Value, UriKind.Absolute, out var announced)
            && McpServerUrl.IsAcceptableDiscovered(announced, options.Value.Network.AllowPrivateHosts))
        {
            candidates.Add(announced);
        }

        // RFC 9728 §3.1: the well-known suffix goes between the host and the resource's path; then at the root.
        var path = server.AbsolutePath.TrimEnd('/');
        candidates.Add(new Uri(server, $"/.well-known/oauth-protected-resource{path}"));
        candidates.Add(new Uri(server, "/.well-known/oauth-protected-resource"));
        var metadata = await FirstAsync<ProtectedResourceMetadata>(Provider, candidates.Distinct(), ct)
            ?? throw new ConnectorConfigurationException($"{Provider} at {server.Host} asks for sign-in but publishes no protected resource metadata (RFC 9728).");
        if (metadata.Resource is not { } named || !SameResource(named, server))
        {
            throw new ConnectorConfigurationException(
                $"{Provider} at {server.Host} published metadata for another resource; it is not used. Check Server URL (server_url).");
        }

        return metadata;
    }

    private async Task<AuthorizationServerDocument> AuthorizationMetadataAsync(Uri issuer, CancellationToken ct)
    {
        // RFC 8414 §3.1 inserts the suffix before the issuer's path; OpenID Connect discovery appends it.
        var path = issuer.AbsolutePath.TrimEnd('/');
        Uri[] candidates =
        [
            new(issuer, $"/.well-known/oauth-authorization-server{path}"),
            new(issuer, $"/.well-known/openid-configuration{path}"),
            new($"{issuer.GetLeftPart(UriPartial.Path).TrimEnd('/')}/.well-known/openid-configuration"),
        ];
        return await FirstAsync<AuthorizationServerDocument>("The MCP authorization server", candidates.Distinct(), ct)
            ?? throw new ConnectorConfigurationException($"The authorization server {issuer.Host} publishes no metadata (RFC 8414 or OpenID discovery).");
    }

    /// <summary>The first candidate that answers the document: a server's 4xx (404, or 401/403 at a path it protects) or a
    /// body that is not the document (a web app's catch-all page) tries the next place the document may live; a refused
    /// host (the host guard) or an unreachable server stops at once.</summary>
    private async Task<T?> FirstAsync<T>(string provider, IEnumerable<Uri> candidates, CancellationToken ct)
        where T : class
    {
        foreach (var candidate in candidates)
        {
            try
            {
                return await http.GetJsonAsync<T>(provider, candidate, null, ct);
            }
            catch (Exception e) when (e is ConnectorConfigurationException { ProviderStatus: not null } or ConnectorAuthException
                or ConnectorApiException { InnerException: System.Text.Json.JsonException })
            {
                // Not there: try the next place.
            }
        }

        return null;
    }

    private static bool SameResource(string named, Uri server) =>
        Uri.TryCreate(named, UriKind.Absolute, out var uri)
        && string.Equals(uri.GetLeftPart(UriPartial.Path).TrimEnd('/'), server.GetLeftPart(UriPartial.Path).TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    /// <summary>A discovered URL the connector will call: https (unless plain http is allowed here) without credentials in it.</summary>
    private Uri Acceptable(Uri uri, string what) =>
        McpServerUrl.IsAcceptableDiscovered(uri, options.Value.Network.AllowPrivateHosts)
            ? uri
            : throw new ConnectorConfigurationException($"{Provider} names {what} at an address that is not https ({uri.Host}); it is not used.");

    private static ConnectorConfigurationException Missing(Uri issuer, string field) =>
        new($"The authorization server {issuer.Host} publishes no {field}.");

    [GeneratedRegex(@"resource_metadata=""(?<url>[^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex ResourceMetadataParameter();
}

/// <summary>The fields of an authorization server's metadata (RFC 8414 §2) the connector uses.</summary>
public sealed record AuthorizationServerDocument(
    [property: System.Text.Json.Serialization.JsonPropertyName("issuer")] string? Issuer,
    [property: System.Text.Json.Serialization.JsonPropertyName("authorization_endpoint")] Uri? AuthorizationEndpoint,
    [property: System.Text.Json.Serialization.JsonPropertyName("token_endpoint")] Uri? TokenEndpoint,
    [property: System.Text.Json.Serialization.JsonPropertyName("registration_endpoint")] Uri? RegistrationEndpoint,
    [property: System.Text.Json.Serialization.JsonPropertyName("revocation_endpoint")] Uri? RevocationEndpoint,
    [property: System.Text.Json.Serialization.JsonPropertyName("code_challenge_methods_supported")] IReadOnlyList<string>? CodeChallengeMethodsSupported);
