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
public sealed class FakeGoogleDriveApi : IFakeProviderApi
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

    public void Map(IEndpointRouteBuilder routes, FakeOAuthServer oauth)
    {
        var drive = routes.MapGroup("/drive/v3").AddEndpointFilter(async (context, next) =>
            oauth.IsAuthorized(context.HttpContext.Request, Provider)
                ? await next(context)
                : Error(401, "Request had invalid authentication credentials. Expected OAuth 2 access token.", "authError", "UNAUTHENTICATED"));
        drive.MapGet("/about", (HttpRequest request) => string.IsNullOrEmpty(request.Query["fields"])
            ? Error(400, "The 'fields' parameter is required for this operation.", "required")
            : Results.Json(new { user = new { kind = "drive#user", displayName = "Ada", emailAddress = OwnerEmail, me = true } }));
        drive.MapGet("/files", (HttpRequest request) => List(request));
        drive.MapGet("/files/{fileId}", (string fileId, HttpRequest request) => Get(fileId, request));
        drive.MapGet("/files/{fileId}/export", (string fileId, HttpRequest request) => Export(fileId, request.Query["mimeType"].ToString()));
        drive.MapGet("/changes/startPageToken", () => Results.Json(new { kind = "drive#startPageToken", startPageToken = StartPageToken }));
        drive.MapGet("/changes", (HttpRequest request) => Changes(request));
    }

    private IResult List(HttpRequest request)
    {
        var q = request.Query["q"].ToString();
        if (q.Length > 0 && q.Replace(" ", "", StringComparison.Ordinal) != "trashed=false")
        {
            return Error(400, $"Invalid Value: q '{q}' is not understood by this fake.", "invalid");
        }

        if (!TryPageSize(request, out var size))
        {
            return Error(400, "Invalid Value: pageSize must be between 1 and 1000.", "invalid");
        }

        lock (_gate)
        {
            ListRequests++;
            var offset = request.Query["pageToken"] is { Count: > 0 } token ? DecodeOffset(token.ToString()) : 0;
            if (offset < 0)
            {
                return Error(400, "Invalid Value: pageToken.", "invalid");
            }

            var visible = _files.Where(f => q.Length == 0 || !f.Trashed).ToList();
            var page = visible.Skip(offset).Take(size).ToList();
            var fields = Fields(request);
            var body = new Dictionary<string, object?> { ["kind"] = "drive#fileList", ["files"] = page.Select(f => f.ToJson(fields, OwnerEmail)).ToList() };
            if (offset + size < visible.Count)
            {
                body["nextPageToken"] = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes($"files:{offset + size}"));
            }

            return Results.Json(body);
        }
    }

    private IResult Get(string fileId, HttpRequest request)
    {
        lock (_gate)
        {
            var file = Find(fileId);
            if (file is null)
            {
                return Error(404, $"File not found: {fileId}.", "notFound");
            }

            if (request.Query["alt"] != "media")
            {
                return Results.Json(file.ToJson(Fields(request), OwnerEmail));
            }

            if (file.MimeType.StartsWith("application/vnd.google-apps.", StringComparison.Ordinal))
            {
                return Error(403, "Only files with binary content can be downloaded. Use Export with Docs Editors files.", "fileNotDownloadable");
            }

            return file.DownloadForbidden
                ? Error(403, "The user does not have sufficient permissions for this file.", "cannotDownloadFile")
                : Results.Bytes(file.Content, file.MimeType);
        }
    }

    private IResult Export(string fileId, string mimeType)
    {
        lock (_gate)
        {
            var file = Find(fileId);
            if (file is null)
            {
                return Error(404, $"File not found: {fileId}.", "notFound");
            }

            var supported = file.MimeType switch
            {
                GoogleDoc => new[] { "text/plain", "text/html", "text/markdown" },
                GoogleSheet => ["text/csv", "text/tab-separated-values"],
                GoogleSlides => ["text/plain"],
                _ => [],
            };
            if (supported.Length == 0)
            {
                return Error(403, "Export only supports Docs Editors files.", "fileNotExportable");
            }

            if (!supported.Contains(mimeType))
            {
                return Error(400, "The requested conversion is not supported.", "badRequest");
            }

            if (file.DownloadForbidden)
            {
                return Error(403, "The user does not have sufficient permissions for this file.", "cannotDownloadFile");
            }

            return file.Content.Length > ExportLimitBytes
                ? Error(403, "This file is too large to be exported.", "exportSizeLimitExceeded")
                // Like Drive, a plain-text export starts with a byte order mark.
                : Results.Bytes(mimeType == "text/plain" ? [.. Encoding.UTF8.Preamble, .. file.Content] : file.Content, mimeType);
        }
    }

    private IResult Changes(HttpRequest request)
    {
        if (!long.TryParse(request.Query["pageToken"], NumberStyles.None, CultureInfo.InvariantCulture, out var from) || from < 1)
        {
            return Error(400, "Invalid Value: pageToken is required and must be a token from this feed.", "invalid");
        }

        if (!TryPageSize(request, out var size))
        {
            return Error(400, "Invalid Value: pageSize must be between 1 and 1000.", "invalid");
        }

        lock (_gate)
        {
            var pending = _changes.Where(c => c.Key >= from).ToList();
            var page = pending.Take(size).ToList();
            var fields = Fields(request);
            var body = new Dictionary<string, object?>
            {
                ["kind"] = "drive#changeList",
                ["changes"] = page.Select(c => ChangeJson(c.Value.FileId, c.Value.Time, fields)).ToList(),
            };
            if (pending.Count > size)
            {
                body["nextPageToken"] = (page[^1].Key + 1).ToString(CultureInfo.InvariantCulture);
            }
            else
            {
                body["newStartPageToken"] = _nextChange.ToString(CultureInfo.InvariantCulture);
            }

            return Results.Json(body);
        }
    }

    private Dictionary<string, object?> ChangeJson(string fileId, DateTime time, string? fields)
    {
        var file = Find(fileId);
        var change = new Dictionary<string, object?>
        {
            ["kind"] = "drive#change",
            ["changeType"] = "file",
            ["time"] = FakeDriveFile.Rfc3339(time),
            ["fileId"] = fileId,
            ["removed"] = file is null,
        };
        if (file is not null)
        {
            change["file"] = file.ToJson(fields, OwnerEmail);
        }

        return change;
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

    private static string? Fields(HttpRequest request) => request.Query["fields"] is { Count: > 0 } f ? f.ToString() : null;

    private static bool TryPageSize(HttpRequest request, out int size)
    {
        size = 100;
        return request.Query["pageSize"] is not { Count: > 0 } value
            || (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out size) && size is >= 1 and <= 1000);
    }

    private static int DecodeOffset(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(token));
            return text.StartsWith("files:", StringComparison.Ordinal) && int.TryParse(text[6..], CultureInfo.InvariantCulture, out var offset) ? offset : -1;
        }
        catch (FormatException)
        {
            return -1;
        }
    }

    /// <summary>Google's JSON error body.</summary>
    private static IResult Error(int status, string message, string reason, string? grpcStatus = null) =>
        Results.Json(new
        {
            error = new
            {
                code = status,
                message,
                errors = new[] { new { message, domain = "global", reason } },
                status = grpcStatus ?? (status switch { 400 => "INVALID_ARGUMENT", 403 => "PERMISSION_DENIED", 404 => "NOT_FOUND", _ => "UNKNOWN" }),
            },
        }, statusCode: status);
}

/// <summary>A file of <see cref="FakeGoogleDriveApi"/>, rendered as Drive's file resource.</summary>
internal sealed class FakeDriveFile(string id, string name, string mimeType, byte[] content, DateTime createdTime)
{
    public string Id { get; } = id;

    public string Name { get; } = name;

    public string MimeType { get; } = mimeType;

    public byte[] Content { get; set; } = content;

    public DateTime CreatedTime { get; } = createdTime;

    public DateTime ModifiedTime { get; set; } = createdTime;

    public bool Trashed { get; set; }

    public bool DownloadForbidden { get; set; }

    public static string Rfc3339(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The resource with the <paramref name="fields"/> asked for (a name mentioned anywhere in the
    /// field mask counts); without a mask, Drive's default: kind, id, name, mimeType.</summary>
    public Dictionary<string, object?> ToJson(string? fields, string ownerEmail)
    {
        var json = new Dictionary<string, object?> { ["kind"] = "drive#file", ["id"] = Id, ["name"] = Name, ["mimeType"] = MimeType };
        if (fields is null)
        {
            return json;
        }

        var all = new Dictionary<string, object?>
        {
            ["createdTime"] = Rfc3339(CreatedTime),
            ["modifiedTime"] = Rfc3339(ModifiedTime),
            ["webViewLink"] = MimeType switch
            {
                FakeGoogleDriveApi.GoogleDoc => $"https://docs.google.com/document/d/{Id}/edit?usp=drivesdk",
                FakeGoogleDriveApi.GoogleSheet => $"https://docs.google.com/spreadsheets/d/{Id}/edit?usp=drivesdk",
                FakeGoogleDriveApi.GoogleSlides => $"https://docs.google.com/presentation/d/{Id}/edit?usp=drivesdk",
                _ => $"https://drive.google.com/file/d/{Id}/view?usp=drivesdk",
            },
            // int64 values are JSON strings in Google's APIs.
            ["size"] = Content.Length.ToString(CultureInfo.InvariantCulture),
            ["owners"] = new[] { new { kind = "drive#user", displayName = "Ada", emailAddress = ownerEmail, me = true } },
            ["trashed"] = Trashed,
        };
        var wanted = all.Where(p => fields.Contains(p.Key, StringComparison.Ordinal)).ToList();
        return json.Where(p => p.Key == "kind" || fields.Contains(p.Key, StringComparison.Ordinal)).Concat(wanted).ToDictionary();
    }
}
