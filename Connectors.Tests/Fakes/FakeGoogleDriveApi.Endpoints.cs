using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;

namespace Connectors.Tests.Fakes;

/// <summary>The HTTP surface of <see cref="FakeGoogleDriveApi"/>: Drive v3's paths, parameters, partial responses and errors.</summary>
public sealed partial class FakeGoogleDriveApi
{
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
        drive.MapGet("/drives", (HttpRequest request) => Drives(request));
    }

    private IResult List(HttpRequest request)
    {
        var q = request.Query["q"].ToString();
        if (FakeDriveQuery.TryParse(q) is not { } matches)
        {
            return Error(400, $"Invalid Value: q '{q}' is not understood by this fake.", "invalid");
        }

        if (Corpus(request, out var error) is not { } inCorpus)
        {
            return error!;
        }

        if (!TryPageSize(request, out var size))
        {
            return Error(400, "Invalid Value: pageSize must be between 1 and 1000.", "invalid");
        }

        lock (_gate)
        {
            ListRequests++;
            ListQueries.Add(request.QueryString.Value ?? "");
            var offset = request.Query["pageToken"] is { Count: > 0 } token ? DecodeOffset(token.ToString()) : 0;
            if (offset < 0)
            {
                return Error(400, "Invalid Value: pageToken.", "invalid");
            }

            var visible = _files.Where(f => inCorpus(f) && matches(f)).ToList();
            switch (request.Query["orderBy"].ToString())
            {
                case "":
                    break;
                case "modifiedTime desc":
                    visible = [.. visible.OrderByDescending(f => f.ModifiedTime)];
                    break;
                default:
                    return Error(400, $"Invalid Value: orderBy '{request.Query["orderBy"]}' is not understood by this fake.", "invalid");
            }

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

            if (file.DownloadForbidden)
            {
                return Error(403, "The user does not have sufficient permissions for this file.", "cannotDownloadFile");
            }

            ContentReads++;
            return Results.Bytes(file.Content, file.MimeType);
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

            if (file.Content.Length > ExportLimitBytes)
            {
                return Error(403, "This file is too large to be exported.", "exportSizeLimitExceeded");
            }

            ContentReads++;
            // Like Drive, a plain-text export starts with a byte order mark.
            return Results.Bytes(mimeType == "text/plain" ? [.. Encoding.UTF8.Preamble, .. file.Content] : file.Content, mimeType);
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
            // Without both flags, changes in shared drives are not listed (as in Drive).
            var allDrives = Flag(request, "includeItemsFromAllDrives") && Flag(request, "supportsAllDrives");
            var pending = _changes.Where(c => c.Key >= from && (c.Value.DriveId is null || (allDrives && VisibleChange(c.Value.FileId, c.Value.DriveId)))).ToList();
            var page = pending.Take(size).ToList();
            var fields = Fields(request);
            var body = new Dictionary<string, object?>
            {
                ["kind"] = "drive#changeList",
                ["changes"] = page.Select(c => c.Value.FileId is { } fileId ? ChangeJson(fileId, c.Value.Time, fields) : DriveChangeJson(c.Value.DriveId!, c.Value.Time)).ToList(),
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

    /// <summary>A drive-level change: the user joined (or left: <c>removed</c>) the shared drive.</summary>
    private Dictionary<string, object?> DriveChangeJson(string driveId, DateTime time)
    {
        var drive = _drives.Single(d => d.Id == driveId);
        return new()
        {
            ["kind"] = "drive#change",
            ["changeType"] = "drive",
            ["time"] = FakeDriveFile.Rfc3339(time),
            ["driveId"] = driveId,
            ["removed"] = !drive.Member,
            ["drive"] = drive.Member ? new { kind = "drive#drive", id = drive.Id, name = drive.Name } : null,
        };
    }

    /// <summary>A file's change in a shared drive is seen by members only; a drive's own change by whoever joined or left.</summary>
    private bool VisibleChange(string? fileId, string driveId) => fileId is null || _drives.Exists(d => d.Id == driveId && d.Member);

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
