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

    public const string FileFields = "id,name,mimeType,modifiedTime,createdTime,webViewLink,size,owners(emailAddress)";

    /// <summary>The cheap, side-effect-free call that proves the token works.</summary>
    public const string AboutPath = "drive/v3/about?fields=user";

    public async Task<string> StartPageTokenAsync(CancellationToken ct) =>
        (await GetAsync<DriveStartPageToken>("drive/v3/changes/startPageToken", ct)).StartPageToken is { Length: > 0 } token
            ? token
            : throw new ConnectorApiException($"{ProviderName} answered without a start page token.");

    /// <param name="orderBy">Drive's sort, e.g. <c>modifiedTime desc</c> (the preview); null: Drive's own order.</param>
    public Task<DriveFileList> ListFilesAsync(int pageSize, string? pageToken, CancellationToken ct, string? orderBy = null) =>
        GetAsync<DriveFileList>(Query("drive/v3/files", new()
        {
            ["pageSize"] = pageSize.ToString(CultureInfo.InvariantCulture),
            ["q"] = "trashed = false",
            ["fields"] = $"nextPageToken,files({FileFields})",
            ["pageToken"] = pageToken,
            ["orderBy"] = orderBy,
        }), ct);

    public Task<DriveChangeList> ListChangesAsync(string pageToken, int pageSize, CancellationToken ct) =>
        GetAsync<DriveChangeList>(Query("drive/v3/changes", new()
        {
            ["pageToken"] = pageToken,
            ["pageSize"] = pageSize.ToString(CultureInfo.InvariantCulture),
            ["fields"] = $"nextPageToken,newStartPageToken,changes(fileId,removed,file({FileFields},trashed))",
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
