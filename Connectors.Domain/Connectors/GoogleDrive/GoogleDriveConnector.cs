using System.Net.Http.Headers;
using Connectors.Domain.Connectors;
using Connectors.Domain.Installations;
using Connectors.Domain.OAuth;
using Microsoft.Extensions.Options;

namespace Connectors.Domain.Connectors.GoogleDrive;

/// <summary>
/// Google Drive: OAuth 2.0 with PKCE and offline access, read-only scope. A full sync lists
/// every file; an incremental one follows the changes feed from the page token the previous sync saved.
/// Google Docs, Sheets and Slides are exported as text, text-like files downloaded, everything else
/// skipped; files over <see cref="GoogleDriveOptions.MaxFileBytes"/> are skipped and named in the result.
/// </summary>
public sealed class GoogleDriveConnector(OAuthConnectorServices services, IOptions<GoogleDriveOptions> options) : OAuthConnector(services), ISupportsPreview
{
    public const string ConnectorKey = "google-drive";

    /// <summary>The vault <c>Extra</c> key holding the changes feed's page token.</summary>
    public const string CursorKey = "google-drive.cursor";

    private static readonly OAuthProviderDefaults Defaults = new(
        AuthorizeEndpoint: new Uri("https://accounts.google.com/o/oauth2/v2/auth"),
        TokenEndpoint: new Uri("https://oauth2.googleapis.com/token"),
        ApiBaseUrl: new Uri("https://www.googleapis.com/"),
        Scopes: ["https://www.googleapis.com/auth/drive.readonly"],
        UsePkce: true,
        ClientAuthentication: OAuthClientAuthentication.RequestBody,
        // Offline access and a forced consent screen: Google hands out a refresh token only then.
        AuthorizeParameters: new Dictionary<string, string>
        {
            ["access_type"] = "offline",
            ["prompt"] = "consent",
            ["include_granted_scopes"] = "true",
        },
        // Deleting an account revokes its grant (RFC 7009); revoking the refresh token ends the whole grant.
        RevocationEndpoint: new Uri("https://oauth2.googleapis.com/revoke"));

    public override string Key => ConnectorKey;

    public override string DisplayName => "Google Drive";

    protected override OAuthProviderDefaults ProviderDefaults => Defaults;

    public override async Task<SyncResult> SyncFullAsync(SyncContext context, CancellationToken ct) =>
        await (await FullAsync(context, ct)).RunAsync(ct);

    /// <summary>Follows the changes feed from the stored page token; without one (never synced, or
    /// <paramref name="since"/> null), or when Drive refuses it, this is a full sync.</summary>
    public override async Task<SyncResult> SyncIncrementalAsync(SyncContext context, DateTime? since, CancellationToken ct)
    {
        var pageToken = since is null ? null : await Cursor(context.Account).LoadAsync(ct);
        if (pageToken is null)
        {
            return await SyncFullAsync(context, ct);
        }

        var client = await ClientAsync(context.Account, ct);
        var changes = new DriveChangesSync(client, Reader(client), Cursor(context.Account), context, PageSize, MaxBytes);
        return await changes.RunAsync(pageToken, ct) ?? await SyncFullAsync(context, ct);
    }

    /// <summary>The most recently modified files a sync would read (text-like, within the size cap), newest first:
    /// one list request sorted by <c>modifiedTime desc</c>, then each file read until <paramref name="limit"/> were.</summary>
    public async Task<IReadOnlyList<PreviewItem>> PreviewAsync(ConnectorAccount account, int limit, CancellationToken ct)
    {
        var client = await ClientAsync(account, ct);
        var reader = Reader(client);
        var listed = await client.ListFilesAsync(Math.Clamp(limit * 4, 10, 100), null, ct, orderBy: "modifiedTime desc");
        var items = new List<PreviewItem>();
        foreach (var file in listed.Files ?? [])
        {
            if (items.Count == limit)
            {
                break;
            }

            if ((await reader.ReadAsync(file, ct)).Document is { } document)
            {
                items.Add(PreviewItem.From(document, file.Size ?? System.Text.Encoding.UTF8.GetByteCount(document.Content)));
            }
        }

        return items;
    }

    protected override async Task CheckAccessAsync(ConnectorAccount account, OAuthProvider provider, AuthenticationHeaderValue authorization, CancellationToken ct) =>
        await Http.GetJsonAsync<DriveAbout>(DriveClient.ProviderName, new Uri(provider.ApiBaseUrl, DriveClient.AboutPath), authorization, ct);

    private long MaxBytes => options.Value.MaxFileBytes;

    private int PageSize => options.Value.PageSize;

    private async Task<DriveFullSync> FullAsync(SyncContext context, CancellationToken ct)
    {
        var client = await ClientAsync(context.Account, ct);
        return new DriveFullSync(client, Reader(client), Cursor(context.Account), context, PageSize, MaxBytes);
    }

    /// <summary>One client per sync: the provider settings are read once, the token kept until near expiry.</summary>
    private async Task<DriveClient> ClientAsync(ConnectorAccount account, CancellationToken ct)
    {
        var provider = await ProviderAsync(ct);
        return new(Http, relative => new Uri(provider.ApiBaseUrl, relative), Authorizer(account, provider));
    }

    private DriveFileReader Reader(DriveClient client) => new(client, MaxBytes);

    private DriveCursor Cursor(ConnectorAccount account) => new(Services.Vault, account.Id);
}
