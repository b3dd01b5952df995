using Connectors.Domain.Connectors;

namespace Connectors.Domain.Connectors.GoogleDrive;

/// <summary>
/// A sync from the listing: the changes feed's start token is taken first (so whatever changes during the listing is
/// replayed by the next incremental sync), then every page of <c>files.list</c> over the account's corpora is walked with
/// the scope's query (with folders to sync, only the files in those folders' subtrees); documents of files that are gone,
/// out of scope or no longer readable as text are removed; the token
/// and the scope's fingerprint are saved last.
/// A full sync (<paramref name="rereadUnchanged"/>) reads every file. A listing after the scope changed, or when Drive
/// refused the stored token, reads only the files not stored yet or modified since they were read: the rest is metadata.
/// </summary>
internal sealed class DriveListingSync(
    DriveClient client, DriveFileReader reader, DriveCursor cursor, SyncContext context, DriveScope scope, int pageSize, bool rereadUnchanged)
{
    public async Task<SyncResult> RunAsync(DriveCursorState? previous, CancellationToken ct)
    {
        var startPageToken = await client.StartPageTokenAsync(scope.UsesSharedDrives, ct);
        var corpora = await scope.CorporaAsync(client, ct);
        var folders = scope.NeedsFolders ? await DriveFolderTree.LoadAsync(client, corpora.List, pageSize, ct) : null;
        var stored = rereadUnchanged ? null : await context.Documents.StoredVersionsAsync(ct);
        var tally = new DriveTally(scope) { UnreachableDrives = corpora.Unreachable };
        var buffer = new DriveDocumentBuffer(context.Documents, tally);
        // Files Drive refused this time keep their document: the refusal says nothing about the content.
        var keep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (corpus, q) in Listings(corpora, folders))
        {
            string? pageToken = null;
            do
            {
                var page = await client.ListFilesAsync(corpus, q, pageSize, pageToken, ct);
                foreach (var file in (page.Files ?? []).Where(f => scope.Admits(f, folders)))
                {
                    await ReadAsync(file, stored, tally, buffer, keep, ct);
                    context.Progress.Report(new SyncProgress(tally.Seen, null));
                }

                await buffer.FlushAsync(ct);
                pageToken = page.NextPageToken;
            }
            while (!string.IsNullOrEmpty(pageToken));
        }

        tally.RemovedDocuments(await context.Documents.RemoveAllExceptAsync(keep, ct));
        await cursor.SaveAsync(startPageToken, scope.Fingerprint, previous, ct);
        return tally.ToResult();
    }

    /// <summary>Each corpus whole; or, with folders to sync, only the files in them and the folders below them — a small
    /// folder chosen in a large Drive costs a small listing.</summary>
    private IEnumerable<(DriveCorpus Corpus, string Query)> Listings(DriveCorpora corpora, DriveFolderTree? folders) =>
        scope.FoldersIncluded.Count > 0 && folders is not null
            ? folders.Subtree(scope.FoldersIncluded).Order(StringComparer.Ordinal).Chunk(DriveScope.FoldersPerQuery).Select(chunk => (scope.FolderCorpus, scope.QueryIn(chunk)))
            : corpora.List.Select(corpus => (corpus, scope.Query));

    private async Task ReadAsync(
        DriveFile file, IReadOnlyDictionary<string, DateTime?>? stored, DriveTally tally, DriveDocumentBuffer buffer, HashSet<string> keep, CancellationToken ct)
    {
        if (stored is not null && stored.TryGetValue(file.Id, out var readAt) && IsUnchanged(file, readAt, scope.MaxBytes))
        {
            tally.SawUnchanged();
            keep.Add(file.Id);
            return;
        }

        var read = await reader.ReadAsync(file, ct);
        tally.Saw(file, read);
        if (read.Outcome is DriveReadOutcome.Read or DriveReadOutcome.Unreadable)
        {
            keep.Add(file.Id);
        }

        if (read.Document is { } document)
        {
            await buffer.AddAsync(document, ct);
        }
    }

    /// <summary>Stored with the modification time Drive lists now, and within the size limit where Drive knows the size.</summary>
    public static bool IsUnchanged(DriveFile file, DateTime? readAt, long maxBytes) =>
        readAt is { } at && file.ModifiedTime is { } modified && at.Ticks == modified.UtcDateTime.Ticks && !(file.Size > maxBytes);
}
