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
/// at a time (cursor pagination), <c>resources/read</c> per resource — through <paramref name="handler"/> (the host
/// guard's), asking for the account's bearer token before every request so a long sync keeps a fresh one. A 429 keeps
/// the server's Retry-After. Protocol and transport failures become connector exceptions in the product's words (the
/// server's own error text is not kept).
/// </summary>
public sealed class McpResourceSource(HttpMessageHandler handler)
{
    public const string Provider = "The MCP server";

    /// <summary>How long one request may wait for the server's answer to start.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    /// <summary>MIME types read as text besides <c>text/*</c>.</summary>
    private static readonly HashSet<string> TextLike = new(StringComparer.OrdinalIgnoreCase)
    {
        "application/json", "application/xml", "application/yaml", "application/x-yaml", "application/markdown", "application/javascript",
    };

    /// <summary>Opens a session (the MCP handshake). <paramref name="bearer"/> gives the token for each request (null:
    /// none).</summary>
    public async Task<McpSession> OpenAsync(Uri endpoint, Func<CancellationToken, Task<string?>> bearer, CancellationToken ct)
    {
        var options = new HttpClientTransportOptions
        {
            Endpoint = endpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
            Name = "connectors-admin",
            EnableStandaloneGetStream = false,
        };

        // One HttpClient per session over the shared handler: the session's handler adds its token; disposing the
        // client leaves the shared handler open.
        var http = new HttpClient(new SessionHandler(bearer, endpoint) { InnerHandler = handler }, disposeHandler: false)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var transport = new HttpClientTransport(options, http, ownsHttpClient: true);
        try
        {
            // The handshake's own limit stays above each request's, so a slow server gets the request's clearer message.
            var client = await McpClient.CreateAsync(transport, new McpClientOptions { InitializationTimeout = RequestTimeout * 1.5 }, cancellationToken: ct);
            return new McpSession(client, transport, endpoint);
        }
        catch (Exception e) when (Describe(e, endpoint) is { } failure)
        {
            await transport.DisposeAsync();
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
        HttpRequestException { StatusCode: { } status } when (int)status >= 500 || status == System.Net.HttpStatusCode.RequestTimeout =>
            new ConnectorApiException($"{Provider} at {endpoint.Host} answered HTTP {(int)status}.", inner: e),
        HttpRequestException { StatusCode: { } status } =>
            new ConnectorConfigurationException($"{Provider} at {endpoint.Host} answered HTTP {(int)status}; check Server URL (server_url).", e)
            {
                ProviderStatus = (int)status,
            },
        HttpRequestException http => new ConnectorApiException($"{Provider} at {endpoint.Host} could not be reached ({http.HttpRequestError}).", inner: http),
        TimeoutException => new ConnectorApiException($"{Provider} at {endpoint.Host} did not answer in time.", inner: e),
        IOException or System.Text.Json.JsonException => new ConnectorApiException($"{Provider} at {endpoint.Host} broke off or answered something that is not MCP.", inner: e),
        McpProtocolException { ErrorCode: McpErrorCode.MethodNotFound } =>
            new ConnectorConfigurationException($"{Provider} at {endpoint.Host} does not serve resources; only servers that list resources can be synced."),
        McpException => new ConnectorApiException($"{Provider} at {endpoint.Host} answered with a protocol error."),
        _ => null,
    };

    /// <summary>An open connection to one server.</summary>
    public sealed class McpSession(McpClient client, IAsyncDisposable transport, Uri endpoint) : IAsyncDisposable
    {
        /// <summary>Whether the server said it serves resources.</summary>
        public bool OffersResources => client.ServerCapabilities.Resources is not null;

        public async Task<McpResourcePage> ListAsync(string? cursor, CancellationToken ct)
        {
            try
            {
                var page = await client.ListResourcesAsync(new ListResourcesRequestParams { Cursor = cursor }, ct);
                return new McpResourcePage([.. page.Resources], page.NextCursor);
            }
            catch (Exception e) when (Describe(e, endpoint) is { } failure)
            {
                throw failure;
            }
        }

        /// <summary>Reads one resource. A protocol error for this resource alone (gone, refused) is a
        /// <see cref="McpResourceUnreadableException"/>; transport failures throw as the listing's do.</summary>
        public async Task<McpResourceText> ReadAsync(string uri, string? mimeType, CancellationToken ct)
        {
            ReadResourceResult result;
            try
            {
                result = await client.ReadResourceAsync(new ReadResourceRequestParams { Uri = uri }, ct);
            }
            catch (Exception e) when (e is McpProtocolException or System.Text.Json.JsonException)
            {
                throw new McpResourceUnreadableException(e);
            }
            catch (Exception e) when (Describe(e, endpoint) is { } failure)
            {
                throw failure;
            }

            List<string> texts;
            try
            {
                // A blob is text only when its type says so: an unlabelled one is not decoded.
                texts = [.. result.Contents.Select(c => c switch
                {
                    TextResourceContents t => t.Text,
                    BlobResourceContents b when (b.MimeType ?? mimeType) is { } type && IsText(type) => System.Text.Encoding.UTF8.GetString(b.DecodedData.Span),
                    _ => null,
                }).OfType<string>()];
            }
            catch (FormatException e)
            {
                throw new McpResourceUnreadableException(e); // A blob that is not base64.
            }

            return new McpResourceText(uri, result.Contents.FirstOrDefault()?.MimeType ?? mimeType, texts.Count > 0 ? string.Concat(texts) : null);
        }

        public async ValueTask DisposeAsync()
        {
            await client.DisposeAsync();
            await transport.DisposeAsync();
        }
    }

    /// <summary>Adds the session's bearer token to each request, bounds the wait for an answer, and keeps a 429's
    /// Retry-After (the SDK's own exception would lose it).</summary>
    private sealed class SessionHandler(Func<CancellationToken, Task<string?>> bearer, Uri endpoint) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            if (await bearer(ct) is { } token)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(RequestTimeout);
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, timeout.Token);
            }
            catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
            {
                throw new HttpRequestException(HttpRequestError.Unknown, "timed out",
                    new ConnectorApiException($"{Provider} at {endpoint.Host} did not answer within {RequestTimeout.TotalSeconds:0} s.", inner: e));
            }

            if (response.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
            {
                var wait = Http.ProviderHttp.RetryAfter(response);
                response.Dispose();
                throw new HttpRequestException(HttpRequestError.Unknown, "rate limited",
                    new ConnectorApiException($"{Provider} at {endpoint.Host} is rate limiting requests.", wait), System.Net.HttpStatusCode.TooManyRequests);
            }

            return response;
        }
    }
}

/// <summary>The server answered a read with an error for that resource alone (it went away between listing and reading,
/// or is refused): the resource is skipped and counted, the sync goes on.</summary>
public sealed class McpResourceUnreadableException(Exception inner)
    : ConnectorException($"{McpResourceSource.Provider} would not read one of its resources.", inner);
