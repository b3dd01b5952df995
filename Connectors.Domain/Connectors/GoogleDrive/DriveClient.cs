using System.Globalization;
using System.Net.Http.Headers;
using Connectors.Domain.Errors;
using Connectors.Domain.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Connectors.Domain.Connectors.GoogleDrive;

/// <summary>
/// The Drive API v3 calls a sync makes, with the partial-response <c>fields</c> Drive needs to return
/// more than a file's id and name. Every call asks for the bearer header anew, so a sync that outlasts
/// the access token's hour gets a refreshed one instead of a 401.
/// </summary>
internal sealed class DriveClient(ProviderHttp http, Func<string, Uri> api, Func<CancellationToken, Task<AuthenticationHeaderValue>> authorize)
{
    /// <summary>The name failures are reported under.</summary>
    public const string ProviderName = "Google Drive";

    public const string FileFields = "id,name,mimeType,modifiedTime,createdTime,webViewLink,size,owners(emailAddress),parents,driveId";

    /// <summary>What the folder tree needs of a folder.</summary>
    public const string FolderFields = "id,name,parents,driveId";

    /// <summary>The cheap, side-effect-free call that proves the token works.</summary>
    public const string AboutPath = "drive/v3/about?fields=user";

    /// <param name="allDrives">The token of the feed that covers shared drives too.</param>
    public async Task<string> StartPageTokenAsync(bool allDrives, CancellationToken ct) =>
        (await GetAsync<DriveStartPageToken>(Query("drive/v3/changes/startPageToken", new() { ["supportsAllDrives"] = allDrives ? "true" : null }), ct))
            .StartPageToken is { Length: > 0 } token
            ? token
            : throw new ConnectorApiException($"{ProviderName} answered without a start page token.");

    /// <summary>One page of <c>files.list</c> over <paramref name="corpus"/>, matching Drive's query <paramref name="q"/>.</summary>
    /// <param name="orderBy">Drive's sort, e.g. <c>modifiedTime desc</c> (the preview); null: Drive's own order.</param>
    /// <param name="fields">The file fields wanted; <see cref="FileFields"/> unless only metadata is needed.</param>
    public Task<DriveFileList> ListFilesAsync(
        DriveCorpus corpus, string q, int pageSize, string? pageToken, CancellationToken ct, string? orderBy = null, string fields = FileFields) =>
        GetAsync<DriveFileList>(Query("drive/v3/files", new()
        {
            ["corpora"] = corpus.Corpora,
            ["driveId"] = corpus.DriveId,
            // Both are required to see items of shared drives at all.
            ["includeItemsFromAllDrives"] = corpus.SpansSharedDrives ? "true" : null,
            ["supportsAllDrives"] = corpus.SpansSharedDrives ? "true" : null,
            ["pageSize"] = pageSize.ToString(CultureInfo.InvariantCulture),
            ["q"] = q,
            ["fields"] = $"nextPageToken,files({fields})",
            ["pageToken"] = pageToken,
            ["orderBy"] = orderBy,
        }), ct);

    /// <summary>One page of the shared drives the user is a member of.</summary>
    public Task<DriveDriveList> ListDrivesAsync(string? pageToken, CancellationToken ct) =>
        GetAsync<DriveDriveList>(Query("drive/v3/drives", new()
        {
            ["pageSize"] = "100",
            ["fields"] = "nextPageToken,drives(id,name)",
            ["pageToken"] = pageToken,
        }), ct);

    /// <summary>Every shared drive the user is a member of, all pages.</summary>
    public async Task<IReadOnlyList<DriveSharedDrive>> AllDrivesAsync(CancellationToken ct)
    {
        var drives = new List<DriveSharedDrive>();
        string? pageToken = null;
        do
        {
            var page = await ListDrivesAsync(pageToken, ct);
            drives.AddRange(page.Drives ?? []);
            pageToken = page.NextPageToken is { Length: > 0 } next && next != pageToken ? next : null;
        }
        while (pageToken is not null);

        return drives;
    }

    /// <param name="allDrives">Whether changes in shared drives are listed too (the token must come from the same feed).</param>
    public Task<DriveChangeList> ListChangesAsync(string pageToken, int pageSize, bool allDrives, CancellationToken ct) =>
        GetAsync<DriveChangeList>(Query("drive/v3/changes", new()
        {
            ["pageToken"] = pageToken,
            ["pageSize"] = pageSize.ToString(CultureInfo.InvariantCulture),
            ["includeItemsFromAllDrives"] = allDrives ? "true" : null,
            ["supportsAllDrives"] = allDrives ? "true" : null,
            ["fields"] = $"nextPageToken,newStartPageToken,changes(changeType,driveId,fileId,removed,file({FileFields},trashed))",
        }), ct);

    /// <summary>A Google Docs/Sheets/Slides file exported as <paramref name="mimeType"/>; null when larger than <paramref name="maxBytes"/>.</summary>
    public async Task<string?> ExportAsync(string fileId, string mimeType, long maxBytes, CancellationToken ct) =>
        await http.GetTextAsync(ProviderName, api(Query($"drive/v3/files/{Uri.EscapeDataString(fileId)}/export", new() { ["mimeType"] = mimeType })),
            await authorize(ct), maxBytes, ct);

    /// <summary>A stored file's bytes as UTF-8 text; null when larger than <paramref name="maxBytes"/>.</summary>
    public async Task<string?> DownloadAsync(string fileId, long maxBytes, CancellationToken ct) =>
        await http.GetTextAsync(ProviderName, api($"drive/v3/files/{Uri.EscapeDataString(fileId)}?alt=media"), await authorize(ct), maxBytes, ct);

    public Task<DriveAbout> AboutAsync(CancellationToken ct) => GetAsync<DriveAbout>(AboutPath, ct);

    private async Task<T> GetAsync<T>(string relative, CancellationToken ct) =>
        await http.GetJsonAsync<T>(ProviderName, api(relative), await authorize(ct), ct);

    private static string Query(string path, Dictionary<string, string?> parameters) =>
        QueryHelpers.AddQueryString(path, parameters.Where(p => p.Value is not null));
}

/// <summary>What a <c>files.list</c> covers: the user's own files (My Drive and files shared with them), one shared
/// drive, or everything including every shared drive the user is a member of.</summary>
internal sealed record DriveCorpus(string Corpora, string? DriveId = null)
{
    public static DriveCorpus User { get; } = new("user");

    public static DriveCorpus AllDrives { get; } = new("allDrives");

    public static DriveCorpus SharedDrive(string driveId) => new("drive", driveId);

    public bool SpansSharedDrives => Corpora != "user";
}
