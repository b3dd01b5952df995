using System.Net.Http.Headers;
using Connectors.Domain.Connectors;
using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.Installations;
using Connectors.Domain.OAuth;
using Microsoft.Extensions.Options;

namespace Connectors.Domain.Connectors.GoogleDrive;

/// <summary>
/// Google Drive: OAuth 2.0 with PKCE and offline access, read-only scope. A full sync lists
/// every file in the account's scope (its settings, <see cref="DriveScope"/>); an incremental one follows the changes feed
/// from the page token the previous sync saved, or lists again — reading only new and modified files — when the scope
/// changed since.
/// Google Docs, Sheets and Slides are exported as text, text-like files downloaded, everything else
/// skipped; files over <see cref="GoogleDriveOptions.MaxFileBytes"/> are skipped and named in the result.
/// </summary>
public sealed class GoogleDriveConnector(OAuthConnectorServices services, IOptions<GoogleDriveOptions> options)
    : OAuthConnector(services), ISupportsPreview, ISupportsSettings
{
    private FormSchema? _settings;

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

    /// <summary>Folders, shared drives, file types, an age and a size limit (<see cref="DriveScope"/>).</summary>
    public FormSchema SettingsForm => _settings ??= DriveScope.Settings(MaxBytes);

    /// <summary>Live options: the folders (every drive the user can reach, shown by path), the shared drives, and the file
    /// types a sync can read (a fixed list, no call to Drive).</summary>
    public async Task<IReadOnlyList<FieldOption>> DiscoverOptionsAsync(ConnectorAccount account, string fieldName, CancellationToken ct)
    {
        var discovery = SettingsForm.Find(fieldName)?.Discovery
            ?? throw new ArgumentException($"Settings field '{fieldName}' has no live options.", nameof(fieldName));
        if (discovery == DriveScope.FileTypesDiscovery)
        {
            return DriveScope.FileTypes;
        }

        var client = await ClientAsync(account, ct);
        var drives = await client.AllDrivesAsync(ct);
        if (discovery == DriveScope.DrivesDiscovery)
        {
            return [.. drives.Select(d => new FieldOption(d.Id, d.Name ?? d.Id)).OrderBy(o => o.Label, StringComparer.CurrentCultureIgnoreCase)];
        }

        var tree = await DriveFolderTree.LoadAsync(client, [DriveCorpus.AllDrives], PageSize, ct);
        var names = drives.ToDictionary(d => d.Id, d => d.Name ?? d.Id, StringComparer.Ordinal);
        return [.. tree.Paths(names).Select(p => new FieldOption(p.Id, p.Path)).OrderBy(o => o.Label, StringComparer.CurrentCultureIgnoreCase)];
    }

    /// <summary>Reads every file in scope, whether stored or not (the "Full resync").</summary>
    public override async Task<SyncResult> SyncFullAsync(SyncContext context, CancellationToken ct) =>
        await ListingAsync(context, await Cursor(context.Account).LoadAsync(ct), rereadUnchanged: true, ct);

    /// <summary>Follows the changes feed from the stored page token. Without one (never synced, or
    /// <paramref name="since"/> null) this is a full sync; when the settings changed since the last listing, or Drive
    /// refuses the token, the files are listed again and only the new or modified ones read.</summary>
    public override async Task<SyncResult> SyncIncrementalAsync(SyncContext context, DateTime? since, CancellationToken ct)
    {
        var saved = since is null ? null : await Cursor(context.Account).LoadAsync(ct);
        if (saved is null)
        {
            return await SyncFullAsync(context, ct);
        }

        var scope = Scope(context.Account);
        if ((saved.ScopeFingerprint ?? DefaultFingerprint) == scope.Fingerprint)
        {
            var client = await ClientAsync(context.Account, ct);
            var changes = new DriveChangesSync(client, Reader(client, scope), Cursor(context.Account), context, scope, PageSize);
            if (await changes.RunAsync(saved, ct) is { } result)
            {
                return result;
            }
        }

        return await ListingAsync(context, saved, rereadUnchanged: false, ct);
    }

    /// <summary>The most recently modified files in scope a sync would read (text-like, within the size limit), newest
    /// first (<see cref="DrivePreview"/>): nothing stored, no cursor moved.</summary>
    public async Task<IReadOnlyList<PreviewItem>> PreviewAsync(ConnectorAccount account, int limit, CancellationToken ct)
    {
        var scope = Scope(account);
        var client = await ClientAsync(account, ct);
        var folders = await scope.FolderTreeAsync(client, PageSize, ct);
        return await new DrivePreview(client, Reader(client, scope), scope, Math.Clamp(limit * 4, 10, 100)).ReadAsync(folders, limit, ct);
    }

    protected override async Task CheckAccessAsync(ConnectorAccount account, OAuthProvider provider, AuthenticationHeaderValue authorization, CancellationToken ct) =>
        await Http.GetJsonAsync<DriveAbout>(DriveClient.ProviderName, new Uri(provider.ApiBaseUrl, DriveClient.AboutPath), authorization, ct);

    private long MaxBytes => options.Value.MaxFileBytes;

    private int PageSize => options.Value.PageSize;

    /// <summary>The scope an account without settings has: what a cursor saved before settings existed was listed for.</summary>
    private string DefaultFingerprint => DriveScope.From([], Clock.GetUtcNow(), MaxBytes).Fingerprint;

    private DriveScope Scope(ConnectorAccount account) => DriveScope.From(account.Config, Clock.GetUtcNow(), MaxBytes);

    private async Task<SyncResult> ListingAsync(SyncContext context, DriveCursorState? saved, bool rereadUnchanged, CancellationToken ct)
    {
        var scope = Scope(context.Account);
        var client = await ClientAsync(context.Account, ct);
        return await new DriveListingSync(client, Reader(client, scope), Cursor(context.Account), context, scope, PageSize, rereadUnchanged).RunAsync(saved, ct);
    }

    /// <summary>One client per sync: the provider settings are read once, the token kept until near expiry.</summary>
    private async Task<DriveClient> ClientAsync(ConnectorAccount account, CancellationToken ct)
    {
        var provider = await ProviderAsync(ct);
        return new(Http, relative => new Uri(provider.ApiBaseUrl, relative), Authorizer(account, provider));
    }

    private static DriveFileReader Reader(DriveClient client, DriveScope scope) => new(client, scope.MaxBytes);

    private DriveCursor Cursor(ConnectorAccount account) => new(Services.Vault, account.Id);
}
