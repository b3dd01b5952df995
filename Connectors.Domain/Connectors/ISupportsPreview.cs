using Connectors.Domain.Documents;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;

namespace Connectors.Domain.Connectors;

/// <summary>
/// A connector that can show what an account would ingest, without ingesting it: the newest few items under the
/// account's current settings and filters. A preview writes no document, moves no cursor and records no run.
/// Optional: a connector without it has no Preview action.
/// </summary>
public interface ISupportsPreview
{
    /// <summary>The newest <paramref name="limit"/> items, newest first. A provider failure throws a
    /// <see cref="ConnectorException"/> in the connector's words.</summary>
    Task<IReadOnlyList<PreviewItem>> PreviewAsync(ConnectorAccount account, int limit, CancellationToken ct);
}

/// <summary>One item a sync would ingest: its title (a mail's subject, a file's name), author (sender, owner,
/// last editor), date (received, modified), size in bytes where the provider says, and the start of its text.</summary>
public sealed record PreviewItem(string Title, string? Author, DateTime? Date, long? Size, string Excerpt)
{
    public const int ExcerptLength = 300;

    /// <summary>The item with its text cut to <see cref="ExcerptLength"/> characters on a word boundary, white space
    /// folded, and an ellipsis when something was cut.</summary>
    public static PreviewItem Of(string title, string? author, DateTime? date, long? size, string? text) =>
        new(title, author, date is { } d ? DateTime.SpecifyKind(d.ToUniversalTime(), DateTimeKind.Utc) : null, size, ExcerptOf(text));

    /// <summary>The item for the document a sync would store (its newest date: updated, else created).</summary>
    public static PreviewItem From(DocumentInput document, long? size) =>
        Of(document.Title, document.Author, document.SourceUpdatedAt ?? document.SourceCreatedAt, size, document.Content);

    public static string ExcerptOf(string? text)
    {
        var folded = string.Join(' ', (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (folded.Length <= ExcerptLength)
        {
            return folded;
        }

        var cut = folded.LastIndexOf(' ', ExcerptLength);
        return string.Concat(folded.AsSpan(0, cut > ExcerptLength / 2 ? cut : ExcerptLength), "…");
    }
}
