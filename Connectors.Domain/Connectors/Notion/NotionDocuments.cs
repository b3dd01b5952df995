using Connectors.Domain.Documents;

namespace Connectors.Domain.Connectors.Notion;

/// <summary>A Notion page as a document: its title property, its blocks as text, its URL and times.</summary>
internal static class NotionDocuments
{
    /// <summary>What Notion itself shows for a page without a title.</summary>
    public const string Untitled = "Untitled";

    public static DocumentInput From(NotionPage page, IReadOnlyList<NotionBlockNode> blocks) => new(
        ExternalId: page.Id,
        Title: string.IsNullOrWhiteSpace(page.Title) ? Untitled : page.Title.Trim(),
        Content: NotionBlockText.Flatten(blocks),
        SourceUrl: page.Url,
        SourceCreatedAt: page.CreatedTime?.UtcDateTime,
        SourceUpdatedAt: page.LastEditedTime.UtcDateTime);
}
