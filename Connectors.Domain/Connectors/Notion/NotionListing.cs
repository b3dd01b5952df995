using Connectors.Domain.Errors;

namespace Connectors.Domain.Connectors.Notion;

/// <summary>Walking Notion's search listing: page by page, and — for a scope with roots — whole, with every page's and
/// database's parent so a page's ancestry can be followed.</summary>
internal static class NotionListing
{
    /// <summary>Every listing page of a search; past <see cref="NotionSync.MaxListingPages"/> the walk stops with
    /// <paramref name="stop"/>'s exception.</summary>
    public static async IAsyncEnumerable<IReadOnlyList<T>> PagesAsync<T>(
        Func<string?, CancellationToken, Task<NotionList<T>>> search, Func<PaginationLimitException> stop,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        string? next = null;
        for (var listingPage = 1; ; listingPage++)
        {
            var list = await search(next, ct);
            yield return list.Results;
            next = list.HasMore && list.NextCursor != next ? list.NextCursor : null;
            if (next is null)
            {
                yield break;
            }

            if (listingPage == NotionSync.MaxListingPages)
            {
                throw stop();
            }
        }
    }

    /// <summary>The whole page listing, and every page's and database's parent (normalized ids).</summary>
    public static async Task<(List<NotionPage> Pages, Dictionary<string, string?> Parents)> WithAncestryAsync(
        NotionApi api, Func<PaginationLimitException> stop, CancellationToken ct)
    {
        var pages = new List<NotionPage>();
        var parents = new Dictionary<string, string?>(StringComparer.Ordinal);
        await foreach (var list in PagesAsync(api.SearchDatabasesAsync, stop, ct))
        {
            foreach (var database in list)
            {
                parents[NotionScope.Normalize(database.Id)] = database.Parent?.Id is { } parent ? NotionScope.Normalize(parent) : null;
            }
        }

        await foreach (var list in PagesAsync((cursor, token) => api.SearchPagesAsync(cursor, token), stop, ct))
        {
            foreach (var page in list)
            {
                pages.Add(page);
                parents[NotionScope.Normalize(page.Id)] = page.Parent?.Id is { } parent ? NotionScope.Normalize(parent) : null;
            }
        }

        return (pages, parents);
    }
}
