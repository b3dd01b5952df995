using Connectors.Domain.Connectors;

namespace Connectors.Domain.Connectors.GoogleDrive;

/// <summary>
/// The folders of the listings an account covers, by id, with their parent: enough to tell whether a file lies under a
/// chosen folder at any depth, and to show a folder's path. Listed once per sync that needs it (metadata only, folders
/// only). A shared drive's top folder has the drive's id and is not listed; a file at a drive's top has it as parent, so
/// a drive's id also works as a folder to include or skip.
/// </summary>
internal sealed class DriveFolderTree
{
    /// <summary>Listing pages of folders read before giving up (a million folders at Drive's largest page).</summary>
    public const int MaxPages = 1000;

    private const int MaxDepth = 100;
    private readonly Dictionary<string, DriveFile> _folders;

    private DriveFolderTree(Dictionary<string, DriveFile> folders) => _folders = folders;

    public int Count => _folders.Count;

    public static async Task<DriveFolderTree> LoadAsync(DriveClient client, IEnumerable<DriveCorpus> corpora, int pageSize, CancellationToken ct)
    {
        var folders = new Dictionary<string, DriveFile>(StringComparer.Ordinal);
        foreach (var corpus in corpora)
        {
            string? pageToken = null;
            var pages = 0;
            do
            {
                if (++pages > MaxPages)
                {
                    throw new PaginationLimitException($"Google Drive listed more than {MaxPages} pages of folders; type the folder ids instead.", SyncResult.Empty);
                }

                var page = await client.ListFilesAsync(corpus, $"mimeType = '{DriveFile.FolderMimeType}' and trashed = false", pageSize, pageToken, ct,
                    fields: DriveClient.FolderFields);
                foreach (var folder in page.Files ?? [])
                {
                    folders[folder.Id] = folder;
                }

                pageToken = page.NextPageToken;
            }
            while (!string.IsNullOrEmpty(pageToken));
        }

        return new DriveFolderTree(folders);
    }

    /// <summary>Whether <paramref name="file"/> is in one of <paramref name="roots"/> or below one.</summary>
    public bool IsUnder(DriveFile file, IReadOnlySet<string> roots)
    {
        if (roots.Count == 0)
        {
            return false;
        }

        var level = file.Parents ?? [];
        for (var depth = 0; depth < MaxDepth && level.Count > 0; depth++)
        {
            if (level.Any(roots.Contains))
            {
                return true;
            }

            level = [.. level.Select(id => _folders.GetValueOrDefault(id)).OfType<DriveFile>().SelectMany(f => f.Parents ?? [])];
        }

        return false;
    }

    /// <summary><paramref name="roots"/> and every folder below them.</summary>
    public IReadOnlySet<string> Subtree(IEnumerable<string> roots)
    {
        var children = _folders.Values.SelectMany(f => (f.Parents ?? []).Select(p => (Parent: p, f.Id))).ToLookup(c => c.Parent, c => c.Id, StringComparer.Ordinal);
        var found = new HashSet<string>(StringComparer.Ordinal);
        var next = new Queue<string>(roots);
        while (next.TryDequeue(out var id))
        {
            if (found.Add(id))
            {
                foreach (var child in children[id])
                {
                    next.Enqueue(child);
                }
            }
        }

        return found;
    }

    /// <summary>Every folder with its path from the top ("Projects / 2026"), the drive's name first for a shared drive's folder.</summary>
    public IEnumerable<(string Id, string Path)> Paths(IReadOnlyDictionary<string, string> driveNames) =>
        _folders.Values.Select(f => (f.Id, Path(f, driveNames)));

    private string Path(DriveFile folder, IReadOnlyDictionary<string, string> driveNames)
    {
        var names = new List<string> { folder.Name };
        var current = folder;
        for (var depth = 0; depth < MaxDepth && current.Parents is [var parent, ..] && _folders.TryGetValue(parent, out var up); depth++)
        {
            names.Add(up.Name);
            current = up;
        }

        if (folder.DriveId is { } drive)
        {
            names.Add(driveNames.GetValueOrDefault(drive) ?? "Shared drive");
        }

        names.Reverse();
        return string.Join(" / ", names);
    }
}
