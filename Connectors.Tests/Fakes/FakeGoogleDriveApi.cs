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
    private readonly SortedDictionary<long, (string FileId, DateTime Time)> _changes = [];
    private long _nextChange = 1;
    private int _nextId;
    private DateTime _now = new(2026, 10, 1, 8, 0, 0, DateTimeKind.Utc);

    public string OwnerEmail { get; set; } = "ada@example.test";

    /// <summary>How many <c>files.list</c> requests were answered.</summary>
    public int ListRequests { get; private set; }

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

    public string AddDoc(string name, string text) => Add(name, GoogleDoc, Encoding.UTF8.GetBytes(text));

    public string AddSheet(string name, string csv) => Add(name, GoogleSheet, Encoding.UTF8.GetBytes(csv));

    public string AddSlides(string name, string text) => Add(name, GoogleSlides, Encoding.UTF8.GetBytes(text));

    public string AddTextFile(string name, string text, string mimeType = "text/plain") => Add(name, mimeType, Encoding.UTF8.GetBytes(text));

    public string AddBinary(string name, byte[] content, string mimeType = "image/png") => Add(name, mimeType, content);

    public string Add(string name, string mimeType, byte[] content)
    {
        lock (_gate)
        {
            var file = new FakeDriveFile($"1{++_nextId:D3}{Guid.NewGuid():N}", name, mimeType, content, Tick());
            _files.Add(file);
            Changed(file.Id);
            return file.Id;
        }
    }

    public void Update(string id, string text) => Mutate(id, f => f.Content = Encoding.UTF8.GetBytes(text));

    public void Trash(string id) => Mutate(id, f => f.Trashed = true);

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

    private void Mutate(string id, Action<FakeDriveFile> mutation, bool change = true)
    {
        lock (_gate)
        {
            var file = Find(id) ?? throw new KeyNotFoundException(id);
            mutation(file);
            if (change)
            {
                file.ModifiedTime = Tick();
                Changed(id);
            }
        }
    }

    /// <summary>Appends a change for the file; like Drive, its earlier changes are no longer listed.</summary>
    private void Changed(string fileId)
    {
        foreach (var older in _changes.Where(c => c.Value.FileId == fileId).Select(c => c.Key).ToList())
        {
            _changes.Remove(older);
        }

        _changes[_nextChange++] = (fileId, _now);
    }

    private FakeDriveFile? Find(string id) => _files.Find(f => f.Id == id);

    private DateTime Tick() => _now = _now.AddMinutes(1);
}
