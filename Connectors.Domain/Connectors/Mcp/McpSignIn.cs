using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Domain.OAuth;
using Connectors.Domain.Vault;

namespace Connectors.Domain.Connectors.Mcp;

/// <summary>
/// How an account signs in to its MCP server through OAuth, as discovered when it was connected: the resource its tokens
/// are bound to (RFC 8707), the authorization server's endpoints, and whether the client was registered dynamically for
/// this account (then deleting the account deletes the registration). Not secret: kept in the vault's <c>Extra</c>.
/// The client itself (id, secret, registration token) is a secret of the account (<see cref="ClientKey"/>). An account
/// without it signs in with a static bearer token or not at all.
/// </summary>
internal sealed record McpSignIn(
    string Resource,
    Uri Issuer,
    Uri AuthorizationEndpoint,
    Uri TokenEndpoint,
    Uri? RevocationEndpoint,
    IReadOnlyList<string> Scopes,
    bool Registered)
{
    public const string Key = "mcp.sign_in";

    /// <summary>The vault secret holding the account's OAuth client (<see cref="RegisteredClient"/> as JSON).</summary>
    public const string ClientKey = "oauth_client";

    public static McpSignIn From(McpAuthServer server, bool registered) => new(
        server.Resource, server.Issuer, server.AuthorizationEndpoint, server.TokenEndpoint, server.RevocationEndpoint, server.Scopes, registered);

    public static McpSignIn? Read(JsonObject extra) => extra[Key] is JsonObject o ? o.Deserialize<McpSignIn>() : null;

    public JsonNode ToJson() => JsonSerializer.SerializeToNode(this)!;

    public static RegisteredClient? Client(VaultEntry? entry) =>
        entry?.Secrets.GetValueOrDefault(ClientKey) is { Length: > 0 } json ? JsonSerializer.Deserialize<RegisteredClient>(json) : null;

    public static Dictionary<string, string> Secrets(RegisteredClient client) => new() { [ClientKey] = JsonSerializer.Serialize(client) };

    /// <summary>The OAuth client settings of the token calls: client authenticated in the body, the resource sent along.</summary>
    public OAuthClientSettings Settings(RegisteredClient client) =>
        new(client.ClientId, client.ClientSecret, AuthorizationEndpoint, TokenEndpoint, Scopes, Resource: Resource);
}
