using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;

namespace Connectors.Tests.Fakes;

/// <summary>
/// Google Drive API v3 in memory, as <see cref="FakeProviderServer"/> serves it under <c>/drive/v3</c>:
/// <c>about</c>, <c>files.list</c> (pageSize honoured, opaque page tokens, <c>q=trashed = false</c>),
/// <c>files.get</c> with <c>alt=media</c>, <c>files.export</c>, and the changes feed with numbered page
/// tokens. Like Drive, a file's change shows its current state, only its latest change is listed, and a
/// partial response holds only the requested <c>fields</c> (without any: kind, id, name, mimeType).
/// Bearer tokens are checked against the fake OAuth provider <see cref="Provider"/>. Every add, update,
/// trash and delete a test makes appends a change.
/// </summary>
public sealed partial class FakeGoogleDriveApi : IFakeProviderApi
{
    /// <summary>The OAuth provider path segment (<c>/google/oauth/...</c>).</summary>
    public const string Provider = "google";

    public const string GoogleDoc = "application/vnd.google-apps.document";
    public const string GoogleSheet = "application/vnd.google-apps.spreadsheet";
    public const string GoogleSlides = "application/vnd.google-apps.presentation";

    /// <summary>Drive refuses exports larger than this (403 exportSizeLimitExceeded).</summary>
    public const int ExportLimitBytes = 10 * 1024 * 1024;

    private readonly Lock _gate = new();
    private readonly List<FakeDriveFile> _files = [];
    /// <summary>The changes feed: a file's latest change (<c>FileId</c> set), or a shared drive the user joined or left.</summary>
    private readonly SortedDictionary<long, (string? FileId, DateTime Time, string? DriveId)> _changes = [];
    private readonly List<FakeSharedDrive> _drives = [];
    private long _nextChange = 1;
    private int _nextId;
    private DateTime _now = new(2026, 10, 1, 8, 0, 0, DateTimeKind.Utc);

    public string OwnerEmail { get; set; } = "ada@example.test";

    /// <summary>The id of the user's My Drive top folder: the parent of files added without one.</summary>
    public const string RootFolderId = "0AROOTFOLDER";

    /// <summary>How many <c>files.list</c> requests were answered.</summary>
    public int ListRequests { get; private set; }

    /// <summary>How many file contents were handed out (downloads and exports).</summary>
    public int ContentReads { get; private set; }

    /// <summary>The <c>files.list</c> requests answered, each as its query string (to see corpora and <c>q</c>).</summary>
    public List<string> ListQueries { get; } = [];

    /// <summary>The token <c>changes.getStartPageToken</c> hands out now.</summary>
    public string StartPageToken
    {
        get
        {
            lock (_gate)
            {
                return _nextChange.ToString(CultureInfo.InvariantCulture);
            }
        }
    }

    public string AddDoc(string name, string text, string? parent = null) => Add(name, GoogleDoc, Encoding.UTF8.GetBytes(text), parent);

    public string AddSheet(string name, string csv) => Add(name, GoogleSheet, Encoding.UTF8.GetBytes(csv));

    public string AddSlides(string name, string text) => Add(name, GoogleSlides, Encoding.UTF8.GetBytes(text));

    public string AddTextFile(string name, string text, string mimeType = "text/plain", string? parent = null) =>
        Add(name, mimeType, Encoding.UTF8.GetBytes(text), parent);

    /// <summary>A folder in <paramref name="parent"/> (a folder or a shared drive; none: the top of My Drive).</summary>
    public string AddFolder(string name, string? parent = null) => Add(name, FolderMimeType, [], parent);

    /// <summary>A shared drive; its id is its top folder's. A member sees it, its files and their changes; joining
    /// (here, or by <see cref="Join"/>) is a drive-level change in the feed.</summary>
    public string AddSharedDrive(string name, bool member = true)
    {
        lock (_gate)
        {
            var drive = new FakeSharedDrive($"0AD{_drives.Count + 1:D2}{Guid.NewGuid():N}"[..20], name);
            _drives.Add(drive);
            if (member)
            {
                Join(drive.Id);
            }

            return drive.Id;
        }
    }

    /// <summary>The user is added to the shared drive: its files, made before, come with no change of their own.</summary>
    public void Join(string driveId) => Membership(driveId, true);

    /// <summary>The user is removed from the shared drive: its files are no longer listed.</summary>
    public void Leave(string driveId) => Membership(driveId, false);

    private void Membership(string driveId, bool member)
    {
        lock (_gate)
        {
            _drives.Single(d => d.Id == driveId).Member = member;
            _changes[_nextChange++] = (null, _now, driveId);
        }
    }

    /// <summary>Whether the user can see <paramref name="file"/>: in My Drive, or in a shared drive it is a member of.</summary>
    private bool Visible(FakeDriveFile file) => file.DriveId is not { } drive || _drives.Exists(d => d.Id == drive && d.Member);

    /// <summary>Moves the file into another folder or drive: a change, its modification time untouched (as in Drive).</summary>
    public void Move(string id, string parent) => Mutate(id, f => Place(f, parent), touch: false);

    /// <summary>Sets when the file was last modified, as if it had been then (no change appended: set-up before a sync).</summary>
    public void ModifiedAt(string id, DateTime time) => Mutate(id, f => f.ModifiedTime = time, change: false);

    public string AddBinary(string name, byte[] content, string mimeType = "image/png") => Add(name, mimeType, content);

    public const string FolderMimeType = "application/vnd.google-apps.folder";

    public string Add(string name, string mimeType, byte[] content, string? parent = null)
    {
        lock (_gate)
        {
            var file = new FakeDriveFile($"1{++_nextId:D3}{Guid.NewGuid():N}", name, mimeType, content, Tick());
            Place(file, parent ?? RootFolderId);
            _files.Add(file);
            Changed(file.Id);
            return file.Id;
        }
    }

    public void Update(string id, string text) => Mutate(id, f => f.Content = Encoding.UTF8.GetBytes(text));

    public void Trash(string id) => Mutate(id, f => f.Trashed = true);

    /// <summary>Modified without a change to its text (a Sheet's formatting, the same file uploaded again): a new
    /// modification time and a change in the feed.</summary>
    public void Touch(string id) => Mutate(id, _ => { });

    /// <summary>The file's owner disables downloads for viewers: export and alt=media answer 403.</summary>
    public void ForbidDownload(string id) => Mutate(id, f => f.DownloadForbidden = true, change: false);

    /// <summary>Deleted for good: gone from the listing, a <c>removed</c> change.</summary>
    public void Delete(string id)
    {
        lock (_gate)
        {
            _files.Remove(Find(id) ?? throw new KeyNotFoundException(id));
            Changed(id);
        }
    }

    private void Mutate(string id, Action<FakeDriveFile> mutation, bool change = true, bool touch = true)
    {
        lock (_gate)
        {
            var file = Find(id) ?? throw new KeyNotFoundException(id);
            mutation(file);
            if (change)
            {
                if (touch)
                {
                    file.ModifiedTime = Tick();
                }

                Changed(id);
            }
        }
    }

    /// <summary>Puts the file under <paramref name="parent"/>: a shared drive's id, or a folder (whose drive it joins,
    /// with everything under it).</summary>
    private void Place(FakeDriveFile file, string parent)
    {
        file.Parent = parent;
        SetDrive(file, _drives.Exists(d => d.Id == parent) ? parent : Find(parent)?.DriveId);
    }

    private void SetDrive(FakeDriveFile file, string? driveId)
    {
        file.DriveId = driveId;
        foreach (var child in _files.Where(f => f.Parent == file.Id))
        {
            SetDrive(child, driveId);
        }
    }

    /// <summary>Appends a change for the file; like Drive, its earlier changes are no longer listed.</summary>
    private void Changed(string fileId)
    {
        // A deleted file's drive is remembered from its earlier change.
        var drive = Find(fileId)?.DriveId ?? _changes.Values.Where(c => c.FileId == fileId).Select(c => c.DriveId).FirstOrDefault();
        foreach (var older in _changes.Where(c => c.Value.FileId == fileId).Select(c => c.Key).ToList())
        {
            _changes.Remove(older);
        }

        _changes[_nextChange++] = (fileId, _now, drive);
    }

    private FakeDriveFile? Find(string id) => _files.Find(f => f.Id == id);

    private DateTime Tick() => _now = _now.AddMinutes(1);
}
