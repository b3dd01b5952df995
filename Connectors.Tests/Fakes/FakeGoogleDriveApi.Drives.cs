using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Connectors.Tests.Fakes;

/// <summary>Shared drives in <see cref="FakeGoogleDriveApi"/>: <c>drives.list</c> and the <c>corpora</c> of <c>files.list</c>
/// with Drive's rules (<c>user</c>: My Drive only; <c>drive</c> needs <c>driveId</c>; a shared drive's items are listed only
/// with both <c>includeItemsFromAllDrives</c> and <c>supportsAllDrives</c>).</summary>
public sealed partial class FakeGoogleDriveApi
{
    /// <summary>How many <c>drives.list</c> requests were answered.</summary>
    public int DriveListRequests { get; private set; }

    private IResult Drives(HttpRequest request)
    {
        var size = request.Query["pageSize"] is { Count: > 0 } p && int.TryParse(p, CultureInfo.InvariantCulture, out var n) ? n : 10;
        if (size is < 1 or > 100)
        {
            return Error(400, "Invalid Value: pageSize must be between 1 and 100.", "invalid");
        }

        lock (_gate)
        {
            DriveListRequests++;
            var offset = request.Query["pageToken"] is { Count: > 0 } token ? DecodeOffset(token.ToString()) : 0;
            var mine = _drives.Where(d => d.Member).ToList();
            var page = mine.Skip(offset).Take(size).ToList();
            var body = new Dictionary<string, object?>
            {
                ["kind"] = "drive#driveList",
                ["drives"] = page.Select(d => new { kind = "drive#drive", id = d.Id, name = d.Name }).ToList(),
            };
            if (offset + size < mine.Count)
            {
                body["nextPageToken"] = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes($"files:{offset + size}"));
            }

            return Results.Json(body);
        }
    }

    /// <summary>Which files the request's corpus covers, or null with Drive's error.</summary>
    private Func<FakeDriveFile, bool>? Corpus(HttpRequest request, out IResult? error)
    {
        error = null;
        var allDrives = Flag(request, "includeItemsFromAllDrives");
        if (allDrives && !Flag(request, "supportsAllDrives"))
        {
            error = Error(403, "The includeItemsFromAllDrives parameter requires supportsAllDrives to be set to true.", "invalid");
            return null;
        }

        var driveId = request.Query["driveId"].ToString();
        switch (request.Query["corpora"].ToString())
        {
            case "" or "user" when driveId.Length == 0:
                return f => f.DriveId is null;
            case "drive" when driveId.Length > 0 && allDrives:
                lock (_gate)
                {
                    if (!_drives.Exists(d => d.Id == driveId && d.Member))
                    {
                        error = Error(404, $"Shared drive not found: {driveId}", "notFound");
                        return null;
                    }
                }

                return f => f.DriveId == driveId;
            case "allDrives" when driveId.Length == 0 && allDrives:
                return Visible;
            default:
                error = Error(400, "Invalid Value: corpora, driveId and includeItemsFromAllDrives do not fit together.", "invalid");
                return null;
        }
    }

    private static bool Flag(HttpRequest request, string name) => request.Query[name] == "true";
}
