using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Protocol;

namespace Connectors.Tests.Fakes;

/// <summary>
/// A remote MCP server built with the official SDK, on a loopback port: Streamable HTTP at <c>/mcp</c>, resources
/// listed a page at a time with a cursor and read as text or blob. With <see cref="RequiredToken"/> set, a request
/// without that bearer token gets 401 (as an OAuth-protected server answers). <see cref="ProtectWith"/> puts it behind an
/// OAuth authorization server instead: 401 with the protected resource metadata's address (RFC 9728), the metadata at
/// the well-known path, and only the authorization server's live access tokens accepted.
/// </summary>
public sealed class FakeMcpResourceServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeMcpResourceServer(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    /// <summary>The resources, in listing order: URI → (name, MIME type, text or bytes).</summary>
    public ConcurrentDictionary<string, (string Name, string MimeType, string? Text, byte[]? Bytes)> Resources { get; } = new();

    private List<string> Order => [.. Resources.Keys.Order(StringComparer.Ordinal)];

    public int PageSize { get; set; } = 2;

    public string? RequiredToken { get; set; }

    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>URIs the server refuses to read (a JSON-RPC "resource not found" error).</summary>
    public ConcurrentDictionary<string, bool> Unreadable { get; } = new();

    private Func<HttpRequest, bool>? _authorize;
    private string? _authorizationServer;
    private int _rateLimited;
    private TimeSpan _retryAfter;
    private int _failAfterLists = -1;

    /// <summary>Protects <c>/mcp</c> with <paramref name="auth"/>'s OAuth server (provider <c>mcp</c>): its access tokens, its
    /// <c>/auth</c> issuer named in the protected resource metadata.</summary>
    public void ProtectWith(FakeProviderServer auth)
    {
        _authorize = request => auth.OAuth.IsAuthorized(request, FakeMcpAuthorization.ProviderKey);
        _authorizationServer = $"{auth.BaseUrl}/auth";
    }

    /// <summary>The server stops asking for OAuth sign-in (it may ask for <see cref="RequiredToken"/> instead).</summary>
    public void Unprotect() => _authorize = null;

    /// <summary>The next <paramref name="times"/> MCP requests get 429 with Retry-After.</summary>
    public void RateLimitNext(TimeSpan retryAfter, int times = 1) => (_retryAfter, _rateLimited) = (retryAfter, times);

    /// <summary>After <paramref name="lists"/> more listing calls, every request fails with 500 (the server goes down mid-listing).</summary>
    public void FailAfterListings(int lists) => _failAfterLists = lists;

    /// <summary>Serves again after <see cref="FailAfterListings"/>.</summary>
    public void Recover() => _failAfterLists = -1;

    public void AddText(string uri, string name, string text, string mimeType = "text/plain") => Resources[uri] = (name, mimeType, text, null);

    public void AddBlob(string uri, string name, byte[] bytes, string mimeType) => Resources[uri] = (name, mimeType, null, bytes);

    public static async Task<FakeMcpResourceServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        FakeMcpResourceServer? server = null;
        builder.Services.AddMcpServer(o => o.ServerInfo = new Implementation { Name = "fake-resources", Version = "1.0" })
            .WithHttpTransport(o => o.SessionMode = HttpServerSessionMode.Stateless)
            .WithListResourcesHandler((context, ct) => ValueTask.FromResult(server!.List(context.Params?.Cursor)))
            .WithReadResourceHandler((context, ct) => ValueTask.FromResult(server!.Read(context.Params!.Uri)));
        var app = builder.Build();
        server = new FakeMcpResourceServer(app);
        app.Use((context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/mcp"))
            {
                return next(context);
            }

            if (server.RequiredToken is { } token && context.Request.Headers.Authorization.ToString() != $"Bearer {token}")
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            }

            if (server._authorize is { } authorize && !authorize(context.Request))
            {
                context.Response.Headers.WWWAuthenticate =
                    $"Bearer resource_metadata=\"{server.Url.Replace("/mcp", "", StringComparison.Ordinal)}/.well-known/oauth-protected-resource/mcp\"";
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            }

            if (Interlocked.Decrement(ref server._rateLimited) >= 0)
            {
                context.Response.Headers.RetryAfter = ((int)server._retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                return Task.CompletedTask;
            }

            if (server._failAfterLists == 0)
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return Task.CompletedTask;
            }

            return next(context);
        });
        app.MapGet("/.well-known/oauth-protected-resource/mcp", () => Results.Json(new System.Text.Json.Nodes.JsonObject
        {
            ["resource"] = server.Url,
            ["authorization_servers"] = new System.Text.Json.Nodes.JsonArray(server._authorizationServer),
            ["scopes_supported"] = new System.Text.Json.Nodes.JsonArray("resources:read"),
        }));
        app.MapMcp("/mcp");
        await app.StartAsync();
        server.Url = $"{app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()}/mcp";
        return server;
    }

    private ListResourcesResult List(string? cursor)
    {
        Calls.Enqueue($"list {cursor}");
        if (_failAfterLists > 0)
        {
            _failAfterLists--;
        }

        var order = Order;
        var from = cursor is null ? 0 : int.Parse(cursor, CultureInfo.InvariantCulture);
        var page = order.Skip(from).Take(PageSize).ToList();
        return new ListResourcesResult
        {
            Resources = [.. page.Select(uri => new Resource { Uri = uri, Name = Resources[uri].Name, MimeType = Resources[uri].MimeType })],
            NextCursor = from + PageSize < order.Count ? (from + PageSize).ToString(CultureInfo.InvariantCulture) : null,
        };
    }

    private ReadResourceResult Read(string uri)
    {
        Calls.Enqueue($"read {uri}");
        if (Unreadable.ContainsKey(uri) || !Resources.TryGetValue(uri, out var resource))
        {
            throw new McpProtocolException("Resource not found: secret-ish server detail", McpErrorCode.ResourceNotFound);
        }

        var (_, mimeType, text, bytes) = resource;
        return new ReadResourceResult
        {
            Contents = [text is not null
                ? new TextResourceContents { Uri = uri, MimeType = mimeType, Text = text }
                : BlobResourceContents.FromBytes(bytes!, uri, mimeType)],
        };
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
