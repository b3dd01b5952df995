using Connectors.Domain.Connectors;

namespace Connectors.Domain.Connectors.GoogleDrive;

/// <summary>
/// The preview: the most recently modified files in the account's scope, newest first, each read as a sync reads it —
/// nothing stored. Listed with <c>orderBy=modifiedTime desc</c>: with folders to sync, the first page of each query over
/// their subtrees (at most <see cref="MaxFolderQueries"/>), merged; otherwise pages of the whole corpus until enough files
/// in scope were read (at most <see cref="MaxPages"/>, as exclusions may skip many).
/// </summary>
internal sealed class DrivePreview(DriveClient client, DriveFileReader reader, DriveScope scope, int listPageSize)
{
    private const int MaxPages = 5;
    private const int MaxFolderQueries = 10;

    public async Task<IReadOnlyList<PreviewItem>> ReadAsync(DriveFolderTree? folders, int limit, CancellationToken ct)
    {
        var items = new List<PreviewItem>();
        if (scope.FoldersIncluded.Count > 0 && folders is not null)
        {
            var candidates = new List<DriveFile>();
            foreach (var chunk in folders.Subtree(scope.FoldersIncluded).Order(StringComparer.Ordinal).Chunk(DriveScope.FoldersPerQuery).Take(MaxFolderQueries))
            {
                candidates.AddRange((await ListAsync(scope.FolderCorpus, scope.QueryIn(chunk), null, ct)).Files ?? []);
            }

            await AddAsync(candidates.OrderByDescending(f => f.ModifiedTime), folders, items, limit, ct);
            return items;
        }

        string? pageToken = null;
        for (var request = 0; request < MaxPages && items.Count < limit; request++)
        {
            var listed = await ListAsync(scope.UsesSharedDrives ? DriveCorpus.AllDrives : DriveCorpus.User, scope.Query, pageToken, ct);
            await AddAsync(listed.Files ?? [], folders, items, limit, ct);
            if ((pageToken = listed.NextPageToken) is not { Length: > 0 })
            {
                break;
            }
        }

        return items;
    }

    private Task<DriveFileList> ListAsync(DriveCorpus corpus, string q, string? pageToken, CancellationToken ct) =>
        client.ListFilesAsync(corpus, q, listPageSize, pageToken, ct, orderBy: "modifiedTime desc");

    private async Task AddAsync(IEnumerable<DriveFile> files, DriveFolderTree? folders, List<PreviewItem> items, int limit, CancellationToken ct)
    {
        foreach (var file in files.Where(f => scope.Admits(f, folders)))
        {
            if (items.Count == limit)
            {
                return;
            }

            if ((await reader.ReadAsync(file, ct)).Document is { } document)
            {
                items.Add(PreviewItem.From(document, file.Size ?? System.Text.Encoding.UTF8.GetByteCount(document.Content)));
            }
        }
    }
}
