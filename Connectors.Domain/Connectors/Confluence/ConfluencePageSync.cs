using System.Net.Http.Headers;
using Connectors.Domain.Connectors;
using Connectors.Domain.Http;

namespace Connectors.Domain.Connectors.Confluence;

/// <summary>What one listing ingested: the counts, every page id seen and the latest modification.</summary>
internal sealed record ConfluenceIngest(SyncResult Result, IReadOnlySet<string> Ids, DateTimeOffset? LastModified)
{
    /// <summary>This listing and <paramref name="more"/> together.</summary>
    public ConfluenceIngest With(ConfluenceIngest more) => new(
        Result with { Seen = Result.Seen + more.Result.Seen, Added = Result.Added + more.Result.Added, Updated = Result.Updated + more.Result.Updated },
        Ids.Union(more.Ids).ToHashSet(StringComparer.Ordinal),
        more.LastModified is { } last && (LastModified is null || last > LastModified) ? last : LastModified);
}

/// <summary>
/// Walks <c>content/search</c> for one CQL query, following <c>_links.next</c> page by page (Cloud's
/// next link carries an opaque cursor; Data Center's an offset), and either ingests each result page
/// as it arrives or only collects the page ids.
/// </summary>
internal sealed class ConfluencePageSync(ProviderHttp http, ConfluenceSite site, AuthenticationHeaderValue auth, SyncContext context, ConfluenceOptions options)
{
    private const string Expand = "body.storage,version,space,history";

    public async Task<ConfluenceIngest> IngestAsync(string cql, CancellationToken ct)
    {
        var result = SyncResult.Empty;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        DateTimeOffset? last = null;
        await foreach (var page in PagesAsync(Search(cql, options.PageSize, Expand), () => result, ct))
        {
            var counts = await context.Documents.UpsertAsync([.. page.Results.Select(p => ConfluenceDocuments.From(p, site))], ct);
            result = result with
            {
                Seen = result.Seen + page.Results.Count,
                Added = result.Added + counts.Added,
                Updated = result.Updated + counts.Updated,
            };
            foreach (var content in page.Results)
            {
                ids.Add(content.Id);
                last = content.Version?.When is { } when && (last is null || when > last) ? when : last;
            }

            context.Progress.Report(new SyncProgress(result.Seen, page.TotalSize is { } total && total >= result.Seen ? total : null));
        }

        return new ConfluenceIngest(result, ids, last);
    }

    /// <summary>The ids of every page <paramref name="cql"/> matches, without bodies (cheap).
    /// <paramref name="sofar"/> is what the run already ingested, reported if the listing is cut short.</summary>
    public async Task<IReadOnlySet<string>> ListIdsAsync(string cql, SyncResult sofar, CancellationToken ct)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var page in PagesAsync(Search(cql, options.IdPageSize, expand: null), () => sofar, ct))
        {
            ids.UnionWith(page.Results.Select(p => p.Id));
        }

        return ids;
    }

    /// <summary>The first <paramref name="limit"/> pages <paramref name="cql"/> matches, with bodies, as the documents a
    /// sync would store — read, never stored (the preview).</summary>
    public static async Task<IReadOnlyList<PreviewItem>> PreviewAsync(
        ProviderHttp http, ConfluenceSite site, AuthenticationHeaderValue auth, string cql, int limit, CancellationToken ct)
    {
        var page = await http.GetJsonAsync<ConfluenceContentPage>(ConfluenceConnector.Provider, Search(site, cql, limit, Expand), auth, ct);
        return [.. page.Results.Take(limit).Select(p => ConfluenceDocuments.From(p, site))
            .Select(d => PreviewItem.From(d, System.Text.Encoding.UTF8.GetByteCount(d.Content)))];
    }

    private Uri Search(string cql, int limit, string? expand) => Search(site, cql, limit, expand);

    private static Uri Search(ConfluenceSite site, string cql, int limit, string? expand) =>
        site.Api($"content/search?cql={Uri.EscapeDataString(cql)}&limit={limit}{(expand is null ? "" : $"&expand={expand}")}");

    private async IAsyncEnumerable<ConfluenceContentPage> PagesAsync(
        Uri first, Func<SyncResult> partial, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        Uri? next = first;
        for (var count = 0; next is not null; count++)
        {
            if (count == options.MaxResultPages)
            {
                throw new PaginationLimitException(
                    $"Confluence kept returning more results after {options.MaxResultPages} result pages; the rest is fetched next time.", partial());
            }

            var page = await http.GetJsonAsync<ConfluenceContentPage>(ConfluenceConnector.Provider, next, auth, ct);
            yield return page;
            next = page.Links?.Next is { Length: > 0 } link && page.Results.Count > 0 ? site.Link(link) : null;
        }
    }
}
