using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Connectors.Domain.Http;

namespace Connectors.Domain.Connectors.Notion;

/// <summary>
/// The three Notion endpoints the connector uses, each sent with the <c>Notion-Version</c> header
/// Notion requires (it answers 400 <c>missing_version</c> without it). The bearer header comes from the
/// connector's per-sync authorizer, which renews the token ahead of its expiry.
/// </summary>
internal sealed class NotionApi(
    ProviderHttp http, Uri baseUrl, Func<CancellationToken, Task<AuthenticationHeaderValue>> authorize)
{
    public const string Version = "2022-06-28";

    /// <summary>Notion's largest page for search and block children.</summary>
    public const int PageSize = 100;

    private const string Provider = "Notion";

    public Task<NotionUser> MeAsync(CancellationToken ct) => SendAsync<NotionUser>(HttpMethod.Get, "v1/users/me", null, ct);

    /// <summary>One page of every page shared with the integration, most recently edited first.</summary>
    public Task<NotionList<NotionPage>> SearchPagesAsync(string? startCursor, CancellationToken ct, int pageSize = PageSize) =>
        SendAsync<NotionList<NotionPage>>(HttpMethod.Post, "v1/search", new SearchRequest(startCursor, pageSize), ct);

    /// <summary>One page of every database shared with the integration.</summary>
    public Task<NotionList<NotionDatabase>> SearchDatabasesAsync(string? startCursor, CancellationToken ct) =>
        SendAsync<NotionList<NotionDatabase>>(HttpMethod.Post, "v1/search", new SearchRequest(startCursor, PageSize) { Filter = new { property = "object", value = "database" } }, ct);

    public Task<NotionList<NotionBlock>> BlockChildrenAsync(string blockId, string? startCursor, CancellationToken ct) =>
        SendAsync<NotionList<NotionBlock>>(HttpMethod.Get,
            $"v1/blocks/{Uri.EscapeDataString(blockId)}/children?page_size={PageSize}"
            + (startCursor is null ? "" : $"&start_cursor={Uri.EscapeDataString(startCursor)}"), null, ct);

    private async Task<T> SendAsync<T>(HttpMethod method, string relative, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(baseUrl, relative));
        request.Headers.Add("Notion-Version", Version);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType());
        }

        return await http.SendJsonAsync<T>(Provider, request, await authorize(ct), ct);
    }

    /// <summary>Notion refuses <c>"start_cursor": null</c>: the first page omits it.</summary>
    private sealed record SearchRequest(
        [property: JsonPropertyName("start_cursor"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? StartCursor,
        [property: JsonPropertyName("page_size")] int Size)
    {
        [JsonPropertyName("filter")]
        public object Filter { get; init; } = new { property = "object", value = "page" };

        [JsonPropertyName("sort")]
        public object Sort { get; } = new { direction = "descending", timestamp = "last_edited_time" };
    }
}
