using Connectors.Domain.Connectors;
using Connectors.Domain.Documents;
using Connectors.Domain.Errors;

namespace Connectors.Domain.Connectors.Notion;

/// <summary>
/// One walk of the search listing (every page shared with the integration, newest edit first). Pages
/// edited at or after the cursor have their blocks read and are upserted, one listing page at a time;
/// the others cost no block calls. Pages listed as archived or in the trash are removed at once; after a
/// complete listing, documents of pages no longer listed at all (trashed pages leave search, unshared
/// pages are no longer visible) are removed too. A page whose blocks Notion refuses (deleted or unshared
/// between listing and reading) is counted as failed and the cursor stays at or before it, so it is read
/// again next time.
/// The account's <see cref="NotionScope"/> applies to the listing: pages edited before its cutoff, or — with roots —
/// not under one of them, are not listed as present, so their documents go at the end of the run (through the deletion
/// brake); a page in scope that is not stored yet (a widened filter) is read whatever its edit time. With roots, the
/// whole listing (and the databases, for their parents) is read first to know each page's ancestry.
/// </summary>
internal sealed class NotionSync(NotionApi api, SyncContext context, NotionScope scope)
{
    /// <summary>Listing pages walked before stopping with a partial result (100 000 Notion pages).</summary>
    public const int MaxListingPages = 1000;

    private readonly NotionPageReader _reader = new(api);
    private readonly HashSet<string> _listed = new(StringComparer.Ordinal);
    private SyncResult _result = SyncResult.Empty;
    private DateTimeOffset? _newest;
    private DateTimeOffset? _oldestFailure;
    private int _processed;
    private IReadOnlySet<string> _stored = new HashSet<string>();

    /// <summary>Runs the walk; returns the counts and the cursor to save (null: keep the old one).</summary>
    public async Task<(SyncResult Result, DateTimeOffset? Cursor)> RunAsync(DateTimeOffset? cursor, CancellationToken ct)
    {
        _stored = await context.Documents.StoredIdsAsync(ct);
        if (scope.HasRoots)
        {
            var (pages, parents) = await NotionListing.WithAncestryAsync(api, Stop, ct);
            foreach (var chunk in pages.Where(p => p.IsRemoved || scope.IsUnderRoot(p, parents)).Chunk(NotionApi.PageSize))
            {
                await IngestAsync(chunk, cursor, ct);
            }
        }
        else
        {
            await foreach (var list in NotionListing.PagesAsync((next, token) => api.SearchPagesAsync(next, token), Stop, ct))
            {
                await IngestAsync(list, cursor, ct);
            }
        }

        var gone = await context.Documents.RemoveAllExceptAsync(_listed, ct);
        _result = _result with { Removed = _result.Removed + gone };
        if (_result.Failed > 0)
        {
            _result = _result with { PartialReason = $"{_result.Failed} Notion page(s) could not be read; they are retried on the next sync." };
        }

        return (_result, NextCursor(cursor));
    }

    /// <summary>An incomplete listing: nothing is removed as "gone" and the cursor is kept.</summary>
    private PaginationLimitException Stop() =>
        new($"Stopped after {MaxListingPages * NotionApi.PageSize} Notion pages.", _result);

    private async Task IngestAsync(IReadOnlyList<NotionPage> pages, DateTimeOffset? cursor, CancellationToken ct)
    {
        var documents = new List<DocumentInput>();
        var removed = new List<string>();
        foreach (var page in pages)
        {
            if (page.IsRemoved)
            {
                removed.Add(page.Id);
            }
            else if (scope.IsRecent(page) && _listed.Add(page.Id)
                && (NotionCursor.NeedsReading(cursor, page.LastEditedTime) || !_stored.Contains(page.Id)))
            {
                documents.AddRange(await ReadAsync(page, ct));
            }

            context.Progress.Report(new SyncProgress(++_processed, null));
        }

        var counts = documents.Count == 0 ? new UpsertCounts(0, 0, 0) : await context.Documents.UpsertAsync(documents, ct);
        var gone = await context.Documents.RemoveAsync(removed, ct);
        _result = _result with
        {
            Seen = _result.Seen + documents.Count,
            Added = _result.Added + counts.Added,
            Updated = _result.Updated + counts.Updated,
            Removed = _result.Removed + gone,
        };
    }

    private async Task<IEnumerable<DocumentInput>> ReadAsync(NotionPage page, CancellationToken ct)
    {
        IReadOnlyList<NotionBlockNode> blocks;
        try
        {
            blocks = await _reader.ReadAsync(page.Id, ct);
        }
        catch (ConnectorConfigurationException)
        {
            // Notion's 404 object_not_found (or 400) for this page only: the rest of the sync goes on.
            _result = _result with { Failed = _result.Failed + 1 };
            _oldestFailure = Min(_oldestFailure, page.LastEditedTime);
            return [];
        }

        _newest = Max(_newest, page.LastEditedTime);
        return [NotionDocuments.From(page, blocks)];
    }

    private DateTimeOffset? NextCursor(DateTimeOffset? cursor)
    {
        var next = Max(cursor, _newest);
        return _oldestFailure is { } failed && next > failed ? Max(cursor, failed) : next;
    }

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x >= b ? x : b;

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => b is { } y ? Max(a, y) : a;

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x <= b ? x : b;
}
