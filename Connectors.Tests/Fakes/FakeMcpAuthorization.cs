using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Connectors.Tests.Fakes;

/// <summary>
/// The discovery side of an OAuth-protected MCP server, as the MCP authorization specification describes it: the
/// server at <c>/mcp</c> answers 401 with <c>WWW-Authenticate: Bearer resource_metadata="…"</c> (or a bare
/// <c>Bearer</c>), publishes its protected resource metadata (RFC 9728) at the well-known path, and its
/// authorization server at <c>/auth</c> publishes RFC 8414 metadata (or only OpenID discovery) and registers clients
/// (RFC 7591, deleted per RFC 7592). Its authorize, token and revocation endpoints are the <see cref="FakeOAuthServer"/>'s
/// for provider <see cref="ProviderKey"/> (consent page, PKCE, refresh, revocation), which accepts the registered clients.
/// </summary>
public sealed class FakeMcpAuthorization : IFakeProviderApi
{
    /// <summary>The <see cref="FakeOAuthServer"/> provider path of this authorization server.</summary>
    public const string ProviderKey = "mcp";

    /// <summary>False: the metadata advertises no registration endpoint (clients must be registered by hand).</summary>
    public bool OffersRegistration { get; set; } = true;

    /// <summary>False: the 401 carries no resource_metadata parameter (the client must try the well-known path).</summary>
    public bool AnnounceMetadata { get; set; } = true;

    /// <summary>True: the authorization server publishes only <c>openid-configuration</c>.</summary>
    public bool OpenIdOnly { get; set; }

    /// <summary>True: the server needs no sign-in (the handshake succeeds).</summary>
    public bool Open { get; set; }

    /// <summary>Overrides the resource the metadata names (another server's).</summary>
    public string? Resource { get; set; }

    /// <summary>Overrides the authorization server the metadata names.</summary>
    public string? AuthorizationServer { get; set; }

    public IReadOnlyList<string> CodeChallengeMethods { get; set; } = ["S256"];

    /// <summary>The clients registered (RFC 7591) and not deleted: id → the registration request and its management token.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, (JsonObject Request, string Token)> Clients { get; } = new();

    /// <summary>When set, registration answers 400 with this error (and a description a client must not show).</summary>
    public string? RegistrationError { get; set; }

    public void Map(IEndpointRouteBuilder routes, FakeOAuthServer oauth)
    {
        routes.MapPost("/mcp", (HttpContext context) =>
        {
            if (Open)
            {
                return Results.Json(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 0, ["result"] = new JsonObject() });
            }

            context.Response.Headers.WWWAuthenticate = AnnounceMetadata
                ? $"Bearer resource_metadata=\"{Base(context.Request)}/.well-known/oauth-protected-resource/mcp\""
                : "Bearer";
            return Results.StatusCode(401);
        });
        routes.MapGet("/.well-known/oauth-protected-resource/mcp", (HttpRequest request) => Results.Json(new JsonObject
        {
            ["resource"] = Resource ?? $"{Base(request)}/mcp",
            ["authorization_servers"] = new JsonArray(AuthorizationServer ?? $"{Base(request)}/auth"),
            ["scopes_supported"] = new JsonArray("resources:read"),
            ["bearer_methods_supported"] = new JsonArray("header"),
        }));
        routes.MapPost("/auth/register", async (HttpRequest request) =>
        {
            var body = (JsonObject)(await JsonNode.ParseAsync(request.Body))!;
            if (RegistrationError is { } error)
            {
                return Results.Json(new JsonObject { ["error"] = error, ["error_description"] = "internal detail <script>x</script>" }, statusCode: 400);
            }

            var id = $"dyn-{Guid.NewGuid():N}";
            var token = $"rat-{Guid.NewGuid():N}";
            var secret = $"secret-{Guid.NewGuid():N}";
            Clients[id] = (body, token);
            oauth.RegisteredClients[id] = secret;
            return Results.Json(new JsonObject
            {
                ["client_id"] = id,
                ["client_secret"] = secret,
                ["client_id_issued_at"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["client_secret_expires_at"] = 0,
                ["registration_access_token"] = token,
                ["registration_client_uri"] = $"{Base(request)}/auth/register/{id}",
                ["redirect_uris"] = body["redirect_uris"]?.DeepClone(),
            }, statusCode: 201);
        });
        routes.MapDelete("/auth/register/{id}", (string id, HttpRequest request) =>
            Clients.TryGetValue(id, out var client) && request.Headers.Authorization.ToString() == $"Bearer {client.Token}" && Clients.TryRemove(id, out _)
                && oauth.RegisteredClients.TryRemove(id, out _)
                ? Results.NoContent()
                : Results.StatusCode(401));
        routes.MapGet("/.well-known/oauth-authorization-server/auth", (HttpRequest request) => OpenIdOnly ? Results.NotFound() : Metadata(request, oauth));
        routes.MapGet("/.well-known/openid-configuration/auth", (HttpRequest request) => Metadata(request, oauth));
    }

    private IResult Metadata(HttpRequest request, FakeOAuthServer oauth)
    {
        var issuer = $"{Base(request)}/auth";
        return Results.Json(new JsonObject
        {
            ["issuer"] = issuer,
            ["authorization_endpoint"] = oauth.AuthorizeEndpoint(ProviderKey),
            ["token_endpoint"] = oauth.TokenEndpoint(ProviderKey),
            ["registration_endpoint"] = OffersRegistration ? $"{issuer}/register" : null,
            ["revocation_endpoint"] = oauth.RevocationEndpoint(ProviderKey),
            ["response_types_supported"] = new JsonArray("code"),
            ["code_challenge_methods_supported"] = new JsonArray([.. CodeChallengeMethods.Select(m => (JsonNode?)JsonValue.Create(m))]),
        });
    }

    private static string Base(HttpRequest request) => $"{request.Scheme}://{request.Host}";
}
