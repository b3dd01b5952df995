using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Connectors.Domain.Documents;
using Connectors.Domain.Errors;
using ModelContextProtocol.Protocol;

namespace Connectors.Domain.Connectors.Mcp;

/// <summary>
/// One sync of an MCP server's resources: the listing walked page by page with its cursor; each page's text resources
/// read (a few at once) and upserted as documents keyed by URI — the store leaves unchanged content alone; binary
/// resources, resources too large and resources the server would not read are skipped and counted. Only after the last
/// page are documents of resources no longer listed removed: a run that stops part-way (a failure, the page limit, a
/// cursor the server repeats) removes nothing.
/// </summary>
internal sealed class McpSync(McpResourceSource.McpSession session, SyncContext context, McpOptions options)
{
    private readonly HashSet<string> _listed = new(StringComparer.Ordinal);
    private SyncResult _result = SyncResult.Empty;
    private int _binary;
    private int _tooLarge;
    private int _processed;

    /// <summary>Resources listed without text to index (images, archives…): counted, not ingested.</summary>
    public int Binary => _binary;

    public async Task<SyncResult> RunAsync(CancellationToken ct)
    {
        string? cursor = null;
        var cursors = new HashSet<string>(StringComparer.Ordinal);
        for (var listingPage = 1; ; listingPage++)
        {
            var page = await session.ListAsync(cursor, ct);
            await IngestAsync(page.Resources, ct);
            cursor = page.NextCursor;
            if (cursor is null)
            {
                break;
            }

            if (!cursors.Add(cursor))
            {
                throw new PaginationLimitException("The MCP server repeated a listing cursor; the listing was stopped and nothing was removed.", Finish());
            }

            if (listingPage == options.MaxListingPages)
            {
                throw new PaginationLimitException(
                    $"Stopped after {options.MaxListingPages} listing pages of the MCP server; nothing was removed.", Finish());
            }
        }

        var gone = await context.Documents.RemoveAllExceptAsync(_listed, ct);
        _result = _result with { Removed = _result.Removed + gone };
        return Finish();
    }

    /// <summary>The document id of a resource: its URI, or — for a URI longer than the store keeps — a digest of it.</summary>
    public static string ExternalId(string uri) =>
        uri.Length <= 512 ? uri : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(uri)));

    /// <summary>A resource and its text as a document.</summary>
    public static DocumentInput Document(Resource resource, McpResourceText read) => new(
        ExternalId: ExternalId(resource.Uri),
        Title: Title(resource),
        Content: read.Text!,
        MimeType: read.MimeType is { Length: > 0 and <= 128 } mime && McpResourceSource.IsText(mime) ? mime.Split(';')[0].Trim() : "text/plain",
        SourceUrl: Uri.TryCreate(resource.Uri, UriKind.Absolute, out var link) && link.Scheme is "https" or "http" && resource.Uri.Length <= 2048 ? resource.Uri : null,
        SourceUpdatedAt: resource.Annotations?.LastModified?.UtcDateTime);

    public static string Title(Resource resource) =>
        !string.IsNullOrWhiteSpace(resource.Title) ? resource.Title.Trim()
        : !string.IsNullOrWhiteSpace(resource.Name) ? resource.Name.Trim()
        : resource.Uri;

    private SyncResult Finish()
    {
        var reasons = new List<string>();
        if (_tooLarge > 0)
        {
            reasons.Add($"Skipped {_tooLarge} resource(s) longer than {options.MaxResourceChars:N0} characters ({McpOptions.Section}:{nameof(McpOptions.MaxResourceChars)}).");
        }

        if (_result.Failed > 0)
        {
            reasons.Add($"The MCP server would not read {_result.Failed} resource(s); they are tried again on the next sync.");
        }

        return _result with { PartialReason = reasons.Count > 0 ? string.Join(' ', reasons) : null };
    }

    private async Task IngestAsync(IReadOnlyList<Resource> resources, CancellationToken ct)
    {
        var fresh = resources.Where(r => !string.IsNullOrEmpty(r.Uri) && _listed.Add(ExternalId(r.Uri))).ToList();
        var documents = new ConcurrentBag<DocumentInput>();
        var failed = 0;
        var binary = 0;
        var tooLarge = 0;
        await Parallel.ForEachAsync(fresh, new ParallelOptions { MaxDegreeOfParallelism = options.ReadConcurrency, CancellationToken = ct },
            async (resource, token) =>
            {
                if (!McpResourceSource.IsText(resource.MimeType))
                {
                    Interlocked.Increment(ref binary);
                    return;
                }

                McpResourceText read;
                try
                {
                    read = await session.ReadAsync(resource.Uri, resource.MimeType, token);
                }
                catch (McpResourceUnreadableException)
                {
                    Interlocked.Increment(ref failed);
                    return;
                }

                if (read.Text is null)
                {
                    Interlocked.Increment(ref binary);
                    return;
                }

                if (read.Text.Length > options.MaxResourceChars)
                {
                    Interlocked.Increment(ref tooLarge);
                    return;
                }

                documents.Add(Document(resource, read));
            });

        var counts = documents.IsEmpty ? new UpsertCounts(0, 0, 0) : await context.Documents.UpsertAsync([.. documents], ct);
        (_binary, _tooLarge) = (_binary + binary, _tooLarge + tooLarge);
        _processed += resources.Count;
        _result = _result with
        {
            Seen = _result.Seen + fresh.Count,
            Added = _result.Added + counts.Added,
            Updated = _result.Updated + counts.Updated,
            Failed = _result.Failed + failed,
        };
        context.Progress.Report(new SyncProgress(_processed, null));
    }
}
