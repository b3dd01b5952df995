using System.Text.Json;
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

    public bool IsRemoved => Archived || InTrash;

    /// <summary>The plain text of the one property whose type is <c>title</c> (its name varies:
    /// "title" on workspace pages, the database's own name such as "Name" on database rows).</summary>
    public string Title =>
        Properties?.Values.FirstOrDefault(p => p.Type == "title")?.Title is { } title
            ? NotionRichText.ToPlainText(title)
            : "";
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

/// <summary>A block. Its content sits in a property named after its <see cref="Type"/>
/// (<c>"paragraph": { "rich_text": [...] }</c>), read through <see cref="Content"/>.</summary>
public sealed class NotionBlock
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [JsonPropertyName("id")]
    public string Id { get; init; } = "";

    [JsonPropertyName("type")]
    public string Type { get; init; } = "";

    [JsonPropertyName("has_children")]
    public bool HasChildren { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? TypeData { get; init; }

    /// <summary>The type-specific object, or an empty one for types without content (divider).</summary>
    public NotionBlockContent Content() =>
        TypeData is not null && TypeData.TryGetValue(Type, out var element) && element.ValueKind == JsonValueKind.Object
            ? element.Deserialize<NotionBlockContent>(Json) ?? new NotionBlockContent()
            : new NotionBlockContent();
}

/// <summary>The union of the block type objects' fields that carry text.</summary>
public sealed class NotionBlockContent
{
    [JsonPropertyName("rich_text")]
    public IReadOnlyList<NotionRichText>? RichText { get; init; }

    /// <summary>to_do</summary>
    [JsonPropertyName("checked")]
    public bool? Checked { get; init; }

    /// <summary>code</summary>
    [JsonPropertyName("language")]
    public string? Language { get; init; }

    /// <summary>child_page, child_database</summary>
    [JsonPropertyName("title")]
    public string? Title { get; init; }

    /// <summary>equation</summary>
    [JsonPropertyName("expression")]
    public string? Expression { get; init; }

    /// <summary>table_row: one rich text array per cell.</summary>
    [JsonPropertyName("cells")]
    public IReadOnlyList<IReadOnlyList<NotionRichText>>? Cells { get; init; }

    /// <summary>code, image, file, bookmark…</summary>
    [JsonPropertyName("caption")]
    public IReadOnlyList<NotionRichText>? Caption { get; init; }

    /// <summary>bookmark, embed, link_preview</summary>
    [JsonPropertyName("url")]
    public string? Url { get; init; }
}

/// <summary>A block with its children read (up to the depth limit).</summary>
public sealed record NotionBlockNode(NotionBlock Block, IReadOnlyList<NotionBlockNode> Children);

/// <summary>The integration's bot user (<c>users/me</c>).</summary>
public sealed class NotionUser
{
    [JsonPropertyName("id")]
    public string Id { get; init; } = "";

    [JsonPropertyName("name")]
    public string? Name { get; init; }
}
