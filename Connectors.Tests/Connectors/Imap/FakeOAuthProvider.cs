using System.Collections.Concurrent;
using System.Net;
using Connectors.Domain.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connectors.Tests.Connectors.Imap;

/// <summary>
/// A local OAuth 2.0 provider speaking the real protocol over HTTP: a token endpoint (authorization
/// code with PKCE S256, refresh token) and an RFC 7662 introspection endpoint that Dovecot asks to
/// validate XOAUTH2 bearer tokens. Tests issue codes as the provider's consent screen would.
/// </summary>
public sealed class FakeOAuthProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (string User, string Challenge)> _codes = new();
    private readonly ConcurrentDictionary<string, string> _accessTokens = new();
    private readonly ConcurrentDictionary<string, string> _refreshTokens = new();

    private FakeOAuthProvider(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public string TokenEndpoint => BaseUrl + "/token";

    public string IntrospectionEndpoint => BaseUrl + "/introspect";

    public ConcurrentQueue<string> Introspected { get; } = new();

    public ConcurrentQueue<string> Grants { get; } = new();

    /// <summary>The registered clients (id → secret): the deployment's test client, and any a test registers as a tenant's own app.</summary>
    public ConcurrentDictionary<string, string> Clients { get; } = new() { ["test-client"] = "test-secret" };

    public static async Task<FakeOAuthProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        FakeOAuthProvider? provider = null;
        app.MapPost("/token", (HttpRequest request) => provider!.TokenAsync(request));
        app.MapPost("/introspect", (HttpRequest request) => provider!.IntrospectAsync(request));
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        provider = new FakeOAuthProvider(app, url);
        return provider;
    }

    /// <summary>What the provider's consent screen does: a code for this user and PKCE challenge.</summary>
    public string IssueCode(string user, string codeChallenge)
    {
        var code = "code-" + Guid.NewGuid().ToString("N");
        _codes[code] = (user, codeChallenge);
        return code;
    }

    /// <summary>The user revokes the app: refresh tokens now get <c>invalid_grant</c>.</summary>
    public void RevokeAll()
    {
        _refreshTokens.Clear();
        _accessTokens.Clear();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var grant = form["grant_type"].ToString();
        Grants.Enqueue(grant);
        if (!Clients.TryGetValue(form["client_id"].ToString(), out var secret) || form["client_secret"] != secret)
        {
            return Results.Json(new { error = "invalid_client" }, statusCode: 401);
        }

        string? user = null;
        if (grant == "authorization_code" && _codes.TryRemove(form["code"].ToString(), out var issued)
            && Pkce.Challenge(form["code_verifier"].ToString()) == issued.Challenge)
        {
            user = issued.User;
        }
        else if (grant == "refresh_token" && _refreshTokens.TryGetValue(form["refresh_token"].ToString(), out var owner))
        {
            user = owner;
        }

        if (user is null)
        {
            return Results.Json(new { error = "invalid_grant", error_description = "The grant is invalid, expired or revoked." }, statusCode: 400);
        }

        var access = "at-" + Guid.NewGuid().ToString("N");
        var refresh = "rt-" + Guid.NewGuid().ToString("N");
        _accessTokens[access] = user;
        _refreshTokens[refresh] = user;
        return Results.Json(new { access_token = access, refresh_token = refresh, expires_in = 3600, token_type = "Bearer" });
    }

    private async Task<IResult> IntrospectAsync(HttpRequest request)
    {
        var token = (await request.ReadFormAsync())["token"].ToString();
        Introspected.Enqueue(token);
        return _accessTokens.TryGetValue(token, out var user)
            ? Results.Json(new { active = "true", username = user })
            : Results.Json(new { active = "false" });
    }
}
