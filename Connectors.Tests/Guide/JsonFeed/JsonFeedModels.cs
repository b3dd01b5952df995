using System.Text.Json.Serialization;

namespace Connectors.Tests.Guide.JsonFeed;

// The JSON Feed 1.1 shapes the connector reads (https://www.jsonfeed.org/version/1.1/): only the fields it uses.

/// <summary>One page of a feed; <see cref="NextUrl"/> is present while older items follow.</summary>
internal sealed record JsonFeedPage(
    string? Version,
    string? Title,
    [property: JsonPropertyName("next_url")] string? NextUrl,
    IReadOnlyList<JsonFeedItem>? Items);

internal sealed record JsonFeedItem(
    string Id,
    string? Url,
    string? Title,
    [property: JsonPropertyName("content_text")] string? ContentText,
    [property: JsonPropertyName("content_html")] string? ContentHtml,
    [property: JsonPropertyName("date_published")] DateTimeOffset? DatePublished,
    [property: JsonPropertyName("date_modified")] DateTimeOffset? DateModified,
    IReadOnlyList<JsonFeedAuthor>? Authors);

internal sealed record JsonFeedAuthor(string? Name);
