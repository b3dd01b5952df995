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
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Protocol;

namespace Connectors.Tests.Fakes;

/// <summary>
/// A remote MCP server built with the official SDK, on a loopback port: Streamable HTTP at <c>/mcp</c>, resources
/// listed a page at a time with a cursor and read as text or blob. With <see cref="RequiredToken"/> set, a request
/// without that bearer token gets 401 (as an OAuth-protected server answers).
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
            if (server.RequiredToken is { } token && context.Request.Headers.Authorization.ToString() != $"Bearer {token}")
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            }

            return next(context);
        });
        app.MapMcp("/mcp");
        await app.StartAsync();
        server.Url = $"{app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()}/mcp";
        return server;
    }

    private ListResourcesResult List(string? cursor)
    {
        Calls.Enqueue($"list {cursor}");
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
        var (_, mimeType, text, bytes) = Resources[uri];
        return new ReadResourceResult
        {
            Contents = [text is not null
                ? new TextResourceContents { Uri = uri, MimeType = mimeType, Text = text }
                : BlobResourceContents.FromBytes(bytes!, uri, mimeType)],
        };
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
