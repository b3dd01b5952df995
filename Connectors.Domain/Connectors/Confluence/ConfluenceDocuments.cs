using Connectors.Domain.Documents;

namespace Connectors.Domain.Connectors.Confluence;

/// <summary>One page → one document: the storage-format XHTML as readable text, the page's web
/// address on the configured site, the last editor as author.</summary>
internal static class ConfluenceDocuments
{
    public static DocumentInput From(ConfluenceContent page, ConfluenceSite site) => new(
        page.Id,
        string.IsNullOrWhiteSpace(page.Title) ? $"Untitled page {page.Id}" : page.Title,
        page.Body?.Storage?.Value is { Length: > 0 } xhtml ? HtmlText.Convert(xhtml) : "",
        SourceUrl: page.Links?.Webui is { Length: > 0 } webui ? site.Link(webui).ToString() : null,
        Author: Author(page.Version?.By ?? page.History?.CreatedBy),
        SourceCreatedAt: page.History?.CreatedDate?.UtcDateTime,
        SourceUpdatedAt: page.Version?.When?.UtcDateTime);

    private static string? Author(ConfluenceUser? user) =>
        new[] { user?.Email, user?.DisplayName, user?.PublicName }.FirstOrDefault(s => !string.IsNullOrWhiteSpace(s));
}
