using Connectors.Domain.Connectors;
using Connectors.Domain.Errors;

namespace Connectors.Domain.Connectors.GoogleDrive;

/// <summary>
/// An incremental sync: the changes feed from the stored page token, page after page until Drive hands
/// out the next start token. A removed or trashed file loses its document; a changed one is read again
/// (and loses its document if it is no longer readable as text, or now outside the account's scope). The new token is
/// saved only at the end, so a run that fails half-way (a 429) is retried from the old one — re-reading a change is
/// harmless. With an age limit, stored documents older than it leave at the end (a file ages without a change).
/// With folder limits, a changed folder may have moved a whole subtree in or out: at the end, the files of each changed
/// folder and the folders below it are listed (<c>'id' in parents</c>, 50 folders a query) and judged again — stored and
/// unchanged ones are not downloaded. With shared drives included, a drive-level change (the user joined or left one)
/// brings files without changes of their own: the run stops and asks for a listing.
/// </summary>
internal sealed class DriveChangesSync(DriveClient client, DriveFileReader reader, DriveCursor cursor, SyncContext context, DriveScope scope, int pageSize)
{
    private readonly HashSet<string> _changedFolders = new(StringComparer.Ordinal);
    private DriveFolderTree? _folders;

    /// <summary>The changes since the stored token; null when only a listing can bring the account up to date: Drive
    /// refused the token (a 4xx on the first page), or the user joined or left a shared drive while shared drives apply.</summary>
    public async Task<SyncResult?> RunAsync(DriveCursorState saved, CancellationToken ct)
    {
        if (await FirstPageAsync(saved.PageToken, ct) is not { } page)
        {
            return null;
        }

        var tally = new DriveTally(scope);
        var buffer = new DriveDocumentBuffer(context.Documents, tally);
        var token = saved.PageToken;
        while (true)
        {
            if (scope.UsesSharedDrives && (page.Changes ?? []).Any(c => c.IsDriveChange))
            {
                return null;
            }

            await ApplyAsync(page, tally, buffer, ct);
            if (page.NewStartPageToken is { Length: > 0 } next)
            {
                await RelistChangedFoldersAsync(tally, buffer, ct);
                await RemoveAgedAsync(tally, ct);
                await cursor.SaveAsync(next, scope.Fingerprint, saved, ct); // An idle Drive hands the same token back: nothing to write.
                return tally.ToResult();
            }

            token = page.NextPageToken is { Length: > 0 } more && more != token
                ? more
                : throw new ConnectorApiException($"{DriveClient.ProviderName} answered a changes page with neither a next page nor a new start token.");
            page = await client.ListChangesAsync(token, pageSize, scope.UsesSharedDrives, ct);
        }
    }

    private async Task<DriveChangeList?> FirstPageAsync(string pageToken, CancellationToken ct)
    {
        try
        {
            return await client.ListChangesAsync(pageToken, pageSize, scope.UsesSharedDrives, ct);
        }
        catch (ConnectorConfigurationException)
        {
            return null;
        }
    }

    private async Task ApplyAsync(DriveChangeList page, DriveTally tally, DriveDocumentBuffer buffer, CancellationToken ct)
    {
        var gone = new List<string>();
        foreach (var change in LatestPerFile(page.Changes))
        {
            if (change.Removed || change.File is null || change.File.Trashed)
            {
                tally.SawRemoval();
                gone.Add(change.FileId!);
            }
            else if (change.File.IsFolder && scope.NeedsFolders)
            {
                _changedFolders.Add(change.File.Id); // Judged with everything below it once the feed is read.
            }
            else if (!scope.Admits(change.File, await FoldersAsync(ct)))
            {
                gone.Add(change.File.Id); // Moved or changed out of the account's scope: its document leaves, if it had one.
            }
            else
            {
                await ReadAsync(change.File, tally, buffer, gone, ct);
            }

            context.Progress.Report(new SyncProgress(tally.Seen, null));
        }

        await buffer.FlushAsync(ct);
        tally.RemovedDocuments(await context.Documents.RemoveAsync(gone, ct));
    }

    /// <summary>Reads a file in scope; its document leaves when the file no longer reads as text or grew past the limit.</summary>
    private async Task ReadAsync(DriveFile file, DriveTally tally, DriveDocumentBuffer buffer, List<string> gone, CancellationToken ct)
    {
        var read = await reader.ReadAsync(file, ct);
        tally.Saw(file, read);
        if (read.Document is { } document)
        {
            await buffer.AddAsync(document, ct);
        }
        else if (read.Outcome is DriveReadOutcome.NotText or DriveReadOutcome.TooLarge)
        {
            gone.Add(file.Id);
        }
    }

    /// <summary>The folder tree, listed once and only when a file change needs it.</summary>
    private async Task<DriveFolderTree?> FoldersAsync(CancellationToken ct) =>
        _folders ??= await scope.FolderTreeAsync(client, pageSize, ct);

    /// <summary>The files in and below the folders that changed, judged again with the folder tree as it is now.</summary>
    private async Task RelistChangedFoldersAsync(DriveTally tally, DriveDocumentBuffer buffer, CancellationToken ct)
    {
        if (_changedFolders.Count == 0 || await FoldersAsync(ct) is not { } tree)
        {
            return;
        }

        var stored = await context.Documents.StoredVersionsAsync(ct);
        var gone = new List<string>();
        foreach (var folders in tree.Subtree(_changedFolders).Order(StringComparer.Ordinal).Chunk(DriveScope.FoldersPerQuery))
        {
            var q = scope.QueryIn(folders);
            string? pageToken = null;
            do
            {
                var page = await client.ListFilesAsync(scope.FolderCorpus, q, pageSize, pageToken, ct);
                foreach (var file in (page.Files ?? []).Where(f => !f.IsFolder))
                {
                    if (!scope.Admits(file, tree))
                    {
                        gone.Add(file.Id);
                    }
                    else if (stored.TryGetValue(file.Id, out var readAt) && DriveListingSync.IsUnchanged(file, readAt, scope.MaxBytes))
                    {
                        tally.SawUnchanged();
                    }
                    else
                    {
                        await ReadAsync(file, tally, buffer, gone, ct);
                    }
                }

                await buffer.FlushAsync(ct);
                pageToken = page.NextPageToken;
            }
            while (!string.IsNullOrEmpty(pageToken));
        }

        tally.RemovedDocuments(await context.Documents.RemoveAsync(gone, ct));
    }

    private async Task RemoveAgedAsync(DriveTally tally, CancellationToken ct)
    {
        if (scope.ModifiedAfter is not { } after)
        {
            return;
        }

        var aged = (await context.Documents.StoredVersionsAsync(ct)).Where(d => d.Value is { } at && at <= after.UtcDateTime).Select(d => d.Key).ToList();
        tally.RemovedDocuments(await context.Documents.RemoveAsync(aged, ct));
    }

    /// <summary>File changes only (shared-drive changes have no file id), the last one per file.</summary>
    private static IEnumerable<DriveChange> LatestPerFile(IReadOnlyList<DriveChange>? changes) =>
        (changes ?? []).Where(c => !string.IsNullOrEmpty(c.FileId)).GroupBy(c => c.FileId, StringComparer.Ordinal).Select(g => g.Last());
}
