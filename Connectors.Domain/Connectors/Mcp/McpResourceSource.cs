using System.Net.Http.Headers;
using Connectors.Domain.Errors;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Connectors.Domain.Connectors.Mcp;

/// <summary>One page of an MCP server's resource listing and the cursor of the next (null on the last).</summary>
public sealed record McpResourcePage(IReadOnlyList<Resource> Resources, string? NextCursor);

/// <summary>A resource's readable content: its text, or null when it is binary (not ingested).</summary>
public sealed record McpResourceText(string Uri, string? MimeType, string? Text);

/// <summary>
/// Reads an MCP server's resources with the official SDK's client over Streamable HTTP — <c>resources/list</c> a page
/// at a time (cursor pagination), <c>resources/read</c> per resource — on an HttpClient whose handler is the host
/// guard, with the account's bearer token. Protocol and transport failures become connector exceptions in the
/// product's words (the server's own error text is not kept).
/// </summary>
public sealed class McpResourceSource(HttpClient http)
{
    public const string Provider = "The MCP server";

    /// <summary>MIME types read as text besides <c>text/*</c>.</summary>
    private static readonly HashSet<string> TextLike = new(StringComparer.OrdinalIgnoreCase)
    {
        "application/json", "application/xml", "application/yaml", "application/x-yaml", "application/markdown", "application/javascript",
    };

    public async Task<McpSession> OpenAsync(Uri endpoint, string? bearerToken, CancellationToken ct)
    {
        var options = new HttpClientTransportOptions
        {
            Endpoint = endpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
            Name = "connectors-admin",
        };
        if (bearerToken is not null)
        {
            options.AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = new AuthenticationHeaderValue("Bearer", bearerToken).ToString() };
        }

        try
        {
            var client = await McpClient.CreateAsync(new HttpClientTransport(options, http, ownsHttpClient: false), cancellationToken: ct);
            return new McpSession(client);
        }
        catch (Exception e) when (Describe(e, endpoint) is { } failure)
        {
            throw failure;
        }
    }

    public static bool IsText(string? mimeType) =>
        mimeType is null || mimeType.StartsWith("text/", StringComparison.OrdinalIgnoreCase) || TextLike.Contains(mimeType.Split(';')[0].Trim());

    /// <summary>The failure in the product's words; null for what is not a failure to describe (cancellation).</summary>
    internal static ConnectorException? Describe(Exception e, Uri endpoint) => e switch
    {
        ConnectorException known => known,
        OperationCanceledException => null,
        HttpRequestException { InnerException: ConnectorException guard } => guard,
        HttpRequestException { StatusCode: System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden } =>
            new ConnectorAuthException($"{Provider} at {endpoint.Host} refused the account's token. Reconnect the account."),
        HttpRequestException { StatusCode: System.Net.HttpStatusCode.TooManyRequests } =>
            new ConnectorApiException($"{Provider} at {endpoint.Host} is rate limiting requests.", TimeSpan.FromSeconds(60)),
        HttpRequestException http => new ConnectorApiException($"{Provider} at {endpoint.Host} could not be reached ({http.HttpRequestError}).", inner: http),
        McpException => new ConnectorApiException($"{Provider} at {endpoint.Host} answered with a protocol error."),
        _ => null,
    };

    /// <summary>An open connection to one server.</summary>
    public sealed class McpSession(McpClient client) : IAsyncDisposable
    {
        public async Task<McpResourcePage> ListAsync(string? cursor, CancellationToken ct)
        {
            var page = await client.ListResourcesAsync(new ListResourcesRequestParams { Cursor = cursor }, ct);
            return new McpResourcePage([.. page.Resources], page.NextCursor);
        }

        public async Task<McpResourceText> ReadAsync(string uri, string? mimeType, CancellationToken ct)
        {
            var result = await client.ReadResourceAsync(new ReadResourceRequestParams { Uri = uri }, ct);
            var texts = result.Contents.Select(c => c switch
            {
                TextResourceContents t => t.Text,
                BlobResourceContents b when IsText(b.MimeType ?? mimeType) => System.Text.Encoding.UTF8.GetString(b.DecodedData.Span),
                _ => null,
            }).OfType<string>().ToList();
            return new McpResourceText(uri, result.Contents.FirstOrDefault()?.MimeType ?? mimeType, texts.Count > 0 ? string.Concat(texts) : null);
        }

        public ValueTask DisposeAsync() => client.DisposeAsync();
    }
}
