using System.Text.Json.Serialization;

namespace Connectors.Domain.Connectors.Notion;

/// <summary>One page of a paginated Notion list (search, block children). Notion pages with an opaque
/// <c>next_cursor</c> passed back as <c>start_cursor</c> while <c>has_more</c> is true.</summary>
public sealed class NotionList<T>
{
    [JsonPropertyName("results")]
    public IReadOnlyList<T> Results { get; init; } = [];

    [JsonPropertyName("next_cursor")]
    public string? NextCursor { get; init; }

    [JsonPropertyName("has_more")]
    public bool HasMore { get; init; }
}

/// <summary>A page as search returns it: metadata and properties, never its content.</summary>
public sealed class NotionPage
{
    [JsonPropertyName("id")]
    public string Id { get; init; } = "";

    [JsonPropertyName("created_time")]
    public DateTimeOffset? CreatedTime { get; init; }

    /// <summary>Rounded down to the minute by Notion.</summary>
    [JsonPropertyName("last_edited_time")]
    public DateTimeOffset LastEditedTime { get; init; }

    [JsonPropertyName("url")]
    public string? Url { get; init; }

    [JsonPropertyName("archived")]
    public bool Archived { get; init; }

    [JsonPropertyName("in_trash")]
    public bool InTrash { get; init; }

    [JsonPropertyName("properties")]
    public IReadOnlyDictionary<string, NotionProperty>? Properties { get; init; }

    [JsonPropertyName("parent")]
    public NotionParent? Parent { get; init; }

    public bool IsRemoved => Archived || InTrash;

    /// <summary>The plain text of the one property whose type is <c>title</c> (its name varies:
    /// "title" on workspace pages, the database's own name such as "Name" on database rows).</summary>
    public string Title =>
        Properties?.Values.FirstOrDefault(p => p.Type == "title")?.Title is { } title
            ? NotionRichText.ToPlainText(title)
            : "";
}

/// <summary>Where a page or database sits: the workspace, a page, a database (its rows) or a block of a page.</summary>
public sealed class NotionParent
{
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("page_id")]
    public string? PageId { get; init; }

    [JsonPropertyName("database_id")]
    public string? DatabaseId { get; init; }

    [JsonPropertyName("block_id")]
    public string? BlockId { get; init; }

    /// <summary>The id of the parent page or database; null for the workspace (and a block, which search cannot place).</summary>
    public string? Id => PageId ?? DatabaseId;
}

/// <summary>A database as search returns it (<c>filter: object = database</c>).</summary>
public sealed class NotionDatabase
{
    [JsonPropertyName("id")]
    public string Id { get; init; } = "";

    [JsonPropertyName("title")]
    public IReadOnlyList<NotionRichText>? Title { get; init; }

    [JsonPropertyName("parent")]
    public NotionParent? Parent { get; init; }
}

/// <summary>A page property; only the title is read.</summary>
public sealed class NotionProperty
{
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("title")]
    public IReadOnlyList<NotionRichText>? Title { get; init; }
}

/// <summary>A rich text segment; its <c>plain_text</c> is the text without formatting.</summary>
public sealed class NotionRichText
{
    [JsonPropertyName("plain_text")]
    public string? PlainText { get; init; }

    public static string ToPlainText(IReadOnlyList<NotionRichText>? segments) =>
        segments is null ? "" : string.Concat(segments.Select(s => s.PlainText));
}

/// <summary>The integration's bot user (<c>users/me</c>).</summary>
public sealed class NotionUser
{
    [JsonPropertyName("id")]
    public string Id { get; init; } = "";

    [JsonPropertyName("name")]
    public string? Name { get; init; }
}
