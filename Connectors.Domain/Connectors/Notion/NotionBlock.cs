using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connectors.Domain.Connectors.Notion;

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
