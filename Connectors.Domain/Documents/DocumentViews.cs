using Connectors.Domain.Installations;

namespace Connectors.Domain.Documents;

/// <summary>A document as the documents list shows it. <see cref="AccountLabel"/> is null once the
/// account was deleted with "keep documents"; <see cref="SourceUpdatedAt"/> falls back to the
/// source's creation time when the source reports no change.</summary>
public sealed record DocumentListItem(
    Guid Id, string Title, string ConnectorKey, string? AccountLabel, string? Author, DateTime? SourceUpdatedAt, DateTime IngestedAt);

/// <summary>One page of a document search and the number of matches over all pages.</summary>
public sealed record DocumentPage(IReadOnlyList<DocumentListItem> Items, int Total);

/// <summary>A document opened for reading: its metadata and its plain-text content. <see cref="ProjectKey"/> is where it
/// is stored; <see cref="AlsoInProjects"/> the further projects it appears in (its account's target projects).</summary>
public sealed record DocumentDetails(
    Guid Id,
    string Title,
    string ProjectKey,
    string ConnectorKey,
    string? AccountLabel,
    string? Author,
    string MimeType,
    string? SourceUrl,
    DateTime? SourceCreatedAt,
    DateTime? SourceUpdatedAt,
    DateTime IngestedAt,
    DateTime UpdatedAt,
    string Content)
{
    public IReadOnlyList<string> AlsoInProjects { get; init; } = [];
}
