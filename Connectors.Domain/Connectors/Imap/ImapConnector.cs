using System.Text.Json.Nodes;
using Connectors.Domain.Connectors;
using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.OAuth;
using Connectors.Domain.Vault;
using Microsoft.Extensions.Options;

namespace Connectors.Domain.Connectors.Imap;

/// <summary>
/// Email over IMAP. Basic auth signs in to the real server before anything is vaulted;
/// a sync walks every selected folder from its (UIDVALIDITY, last UID) cursor, fetching new
/// messages in batches, and turns each message into a document.
/// </summary>
public sealed class ImapConnector(
    OAuthStateStore states,
    CredentialVault vault,
    IImapGateway gateway,
    ImapOAuthProviders providers,
    AuthorizationCodeGrant grant,
    AccessTokenSource accessTokens,
    TenantOAuthClients tenantApps,
    IOptions<ImapOptions> options,
    TimeProvider clock) : CredentialConnector(states, vault), ISupportsSettings, ISupportsPreview, IOffersTenantOAuthApps
{
    public const string ConnectorKey = "imap";

    public override string Key => ConnectorKey;

    public override string DisplayName => "Email (IMAP)";

    public override FormSchema CredentialForm => CredentialFormFor(new HashSet<string>());

    /// <summary>An XOAUTH2 provider is offered when the deployment has its client or the tenant brings its own.</summary>
    public override FormSchema CredentialFormFor(IReadOnlySet<string> tenantOAuthApps)
    {
        string? Missing(string provider) =>
            tenantOAuthApps.Contains(ImapOAuthProviders.AppKey(provider)) ? null : providers.MissingClientIdSetting(provider);
        return ImapForms.CredentialFor(Missing("google"), Missing("microsoft"));
    }

    /// <summary>XOAUTH2's two providers, each a client the tenant may bring of its own.</summary>
    public IReadOnlyList<OAuthAppSlot> OAuthAppSlots =>
        [.. ImapOAuthProviders.Keys.Select(p => new OAuthAppSlot(ImapOAuthProviders.AppKey(p), $"{ImapOAuthProviders.DisplayName(p)} (IMAP)", providers.MissingClientIdSetting(p) is null))];

    public FormSchema SettingsForm => ImapForms.Settings;

    /// <summary>Basic auth: the shared credential lifecycle. XOAUTH2: the shared authorization-code grant with
    /// PKCE, sent to the mail provider with the mailbox as login hint.</summary>
    public override Task<OAuthStart> InitiateOAuthAsync(OAuthInitiation request, CancellationToken ct)
    {
        var settings = ImapAccountSettings.From(request.Account.Config);
        return settings.IsXOAuth2
            ? StartXOAuth2Async(request, settings, ct)
            : base.InitiateOAuthAsync(request, ct);
    }

    private async Task<OAuthStart> StartXOAuth2Async(OAuthInitiation request, ImapAccountSettings settings, CancellationToken ct) =>
        await grant.StartAsync(request, (await ProviderAsync(settings, ct)).Client, usePkce: true, XOAuth2Parameters(settings), ct);

    /// <summary>The XOAUTH2 provider with the client this tenant uses — its own app, else the deployment's. Read afresh each time.</summary>
    private async Task<ImapOAuthProvider> ProviderAsync(ImapAccountSettings settings, CancellationToken ct) =>
        providers.Get(settings.Provider, await tenantApps.FindAsync(ImapOAuthProviders.AppKey(settings.Provider ?? "google"), ct));

    /// <summary>XOAUTH2: the grant consumes the state and exchanges the code; the connector signs in once with
    /// the new access token, and only then vaults the tokens.</summary>
    public override async Task HandleOAuthCallbackAsync(OAuthCallback callback, CancellationToken ct)
    {
        var settings = ImapAccountSettings.From(callback.Account.Config);
        if (!settings.IsXOAuth2)
        {
            await base.HandleOAuthCallbackAsync(callback, ct);
            return;
        }

        var provider = await ProviderAsync(settings, ct);
        var granted = await grant.CompleteAsync(callback, provider.Client, "The provider", ct);
        await using (var mailbox = await gateway.OpenAsync(OnProviderServer(settings, provider), new ImapCredential(null, granted.AccessToken), ct))
        {
            await mailbox.NoopAsync(ct);
        }

        await Vault.SetTokensAsync(callback.Account.Id, granted, ct);
        await GrantedClient.RecordAsync(Vault, callback.Account.Id, provider.Client, ct);
    }

    private static Dictionary<string, string> XOAuth2Parameters(ImapAccountSettings settings) => new()
    {
        ["login_hint"] = settings.Username,
        ["access_type"] = "offline",
        ["prompt"] = "consent",
    };

    protected override async Task VerifyCredentialsAsync(ConnectorAccount account, IReadOnlyDictionary<string, string> secrets, CancellationToken ct)
    {
        var settings = ImapAccountSettings.From(account.Config);
        await using var mailbox = await gateway.OpenAsync(settings, new ImapCredential(secrets.GetValueOrDefault("password"), null), ct);
        await mailbox.NoopAsync(ct);
    }

    /// <summary>The mailbox's selectable folders, listed live (INBOX first, then by name). A server that
    /// cannot be reached or refuses the login throws the connector exception that says which.</summary>
    public async Task<IReadOnlyList<FieldOption>> DiscoverOptionsAsync(ConnectorAccount account, string fieldName, CancellationToken ct)
    {
        if (SettingsForm.Find(fieldName)?.Discovery != ImapForms.FoldersDiscovery)
        {
            throw new ArgumentException($"Settings field '{fieldName}' has no live options.", nameof(fieldName));
        }

        await using var mailbox = await OpenAsync(account, ct);
        IReadOnlyList<ImapFolderStatus> folders;
        try
        {
            folders = await mailbox.ListFoldersAsync(ct);
        }
        catch (Exception e) when (e is not (ConnectorException or OperationCanceledException))
        {
            throw ImapFailure.Describe(e, ImapAccountSettings.From(account.Config), ct);
        }

        return [.. folders
            .OrderBy(f => string.Equals(f.Name, "INBOX", StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .ThenBy(f => f.Name, StringComparer.OrdinalIgnoreCase)
            .Select(f => new FieldOption(f.Name, f.Name))];
    }

    /// <summary>The newest messages across the folders the settings select, within the date window, without
    /// excluded senders — fetched, never stored.</summary>
    public async Task<IReadOnlyList<PreviewItem>> PreviewAsync(ConnectorAccount account, int limit, CancellationToken ct)
    {
        var settings = ImapAccountSettings.From(account.Config);
        try
        {
            await using var mailbox = await OpenAsync(account, ct);
            return await ImapPreview.NewestAsync(mailbox, settings, Since(settings), limit, options.Value.SearchWindow, ct);
        }
        catch (Exception e) when (ImapFailure.IsTransport(e))
        {
            throw ImapFailure.Describe(e, settings, ct);
        }
    }

    private DateTime? Since(ImapAccountSettings settings) =>
        settings.DateWindowDays > 0 ? clock.GetUtcNow().UtcDateTime.AddDays(-settings.DateWindowDays) : null;

    public override Task<SyncResult> SyncFullAsync(SyncContext context, CancellationToken ct) => SyncAsync(context, full: true, ct);

    public override Task<SyncResult> SyncIncrementalAsync(SyncContext context, DateTime? since, CancellationToken ct) =>
        SyncAsync(context, full: since is null, ct);

    public override async Task<HealthStatus> HealthAsync(ConnectorAccount account, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.HealthTimeoutSeconds));
        try
        {
            await using var mailbox = await OpenAsync(account, timeout.Token);
            await mailbox.NoopAsync(timeout.Token);
            return HealthStatus.Healthy("Signed in: the mail server is reachable and accepts the credentials.");
        }
        catch (ConnectorException e)
        {
            return HealthStatus.Failed(e);
        }
        catch (Exception e) when (ImapFailure.IsTransport(e))
        {
            return HealthStatus.Unhealthy(ImapFailure.Describe(e, ImapAccountSettings.From(account.Config), timeout.Token).Message);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return HealthStatus.Unhealthy($"The server did not answer within {options.Value.HealthTimeoutSeconds} s.");
        }
    }

    /// <summary>A connection that drops mid-sync (MailKit's protocol and I/O errors, socket resets, TLS
    /// drops) is a transient failure described in the product's words, so the run is retried.</summary>
    private async Task<SyncResult> SyncAsync(SyncContext context, bool full, CancellationToken ct)
    {
        try
        {
            return await SyncFoldersAsync(context, full, ct);
        }
        catch (Exception e) when (ImapFailure.IsTransport(e))
        {
            throw ImapFailure.Describe(e, ImapAccountSettings.From(context.Account.Config), ct);
        }
    }

    private async Task<SyncResult> SyncFoldersAsync(SyncContext context, bool full, CancellationToken ct)
    {
        var settings = ImapAccountSettings.From(context.Account.Config);
        await using var mailbox = await OpenAsync(context.Account, ct);
        var folders = (await mailbox.ListFoldersAsync(ct)).Where(f => settings.Syncs(f.Name)).ToList();
        var extra = (await Vault.GetAsync(context.Account.Id, ct))?.Extra ?? [];
        var since = Since(settings);
        var folderSync = new ImapFolderSync(mailbox, Vault, context, settings, options.Value, clock.GetUtcNow().UtcDateTime);
        // First the folders no longer synced (deselected, or gone from the server): their messages count as removed.
        // Before the others, so that a message moved into a synced folder is seen there again in this run and kept.
        var total = SyncResult.Empty with { Removed = await RemoveUnsyncedFoldersAsync(context, settings, extra, folders, ct) };
        var missing = settings.IncludeFolders.Where(f => !folders.Any(x => string.Equals(x.Name, f, StringComparison.OrdinalIgnoreCase))).ToList();
        foreach (var folder in folders)
        {
            var cursor = full ? null : ImapCursor.Read(extra, folder.Name);
            total = Add(total, await folderSync.RunAsync(folder, cursor, since, ct));
        }

        return missing.Count == 0
            ? total
            : total with { PartialReason = $"Included folder(s) not found on the server: {string.Join(", ", missing)}." };
    }

    private async Task<int> RemoveUnsyncedFoldersAsync(
        SyncContext context, ImapAccountSettings settings, JsonObject extra, IReadOnlyList<ImapFolderStatus> synced, CancellationToken ct)
    {
        var removed = 0;
        foreach (var folder in ImapCursor.Folders(extra).Where(f => !synced.Any(s => s.Name == f)).ToList())
        {
            var stored = await context.Documents.StoredUnderAsync(ImapDocuments.FolderPrefix(settings, folder), ct);
            removed += await context.Documents.RemoveAsync([.. stored.Select(s => s.ExternalId)], ct);
            await Vault.RemoveExtraKeyAsync(context.Account.Id, ImapCursor.KeyFor(folder), ct);
        }

        return removed;
    }

    private async Task<IImapMailbox> OpenAsync(ConnectorAccount account, CancellationToken ct)
    {
        var settings = ImapAccountSettings.From(account.Config);
        var stored = await Vault.GetAsync(account.Id, ct)
            ?? throw new ConnectorAuthException("No credentials are stored for this account; reconnect it.");
        if (!settings.IsXOAuth2)
        {
            return await gateway.OpenAsync(settings, new ImapCredential(stored.Secrets.GetValueOrDefault("password"), null), ct);
        }

        var provider = await ProviderAsync(settings, ct);
        await GrantedClient.EnsureSameAsync(Vault, account.Id, provider.Client, provider.Name, ct);
        var accessToken = await accessTokens.GetAsync(account.Id, provider.Client, ct);
        return await gateway.OpenAsync(OnProviderServer(settings, provider), new ImapCredential(null, accessToken), ct);
    }

    private static ImapAccountSettings OnProviderServer(ImapAccountSettings settings, ImapOAuthProvider provider) => settings with
    {
        Host = provider.ImapHost,
        Port = provider.ImapPort,
        Encryption = provider.Encryption,
        ValidateCertificate = provider.ValidateCertificate,
    };

    private static SyncResult Add(SyncResult a, SyncResult b) => new(
        a.Seen + b.Seen, a.Added + b.Added, a.Updated + b.Updated, a.Removed + b.Removed, a.Failed + b.Failed,
        a.PartialReason ?? b.PartialReason);
}

/// <summary>A folder's position: the UIDVALIDITY it was read under, the highest UID seen, the modification sequence
/// deletions were last learnt at (QRESYNC; 0 when unknown) and when its UIDs were last compared with the stored messages
/// (without QRESYNC). Stored in the vault's non-secret <c>Extra</c>, one key per folder.</summary>
public sealed record ImapCursor(uint UidValidity, uint LastUid, ulong ModSeq = 0, DateTime? CheckedAt = null)
{
    public const string KeyPrefix = "imap.cursor:";

    public static string KeyFor(string folder) => KeyPrefix + folder;

    public static ImapCursor? Read(JsonObject extra, string folder) =>
        extra[KeyFor(folder)] is JsonObject o
        && o["uidValidity"] is JsonValue v && v.TryGetValue<uint>(out var validity)
        && o["lastUid"] is JsonValue u && u.TryGetValue<uint>(out var last)
            ? new ImapCursor(validity, last,
                o["modSeq"] is JsonValue m && m.TryGetValue<ulong>(out var modSeq) ? modSeq : 0,
                o["checkedAt"] is JsonValue c && c.TryGetValue<DateTime>(out var checkedAt) ? checkedAt : null)
            : null;

    /// <summary>The folders an account has cursors for: those it synced at some point.</summary>
    public static IEnumerable<string> Folders(JsonObject extra) =>
        extra.Where(p => p.Key.StartsWith(KeyPrefix, StringComparison.Ordinal) && p.Value is JsonObject).Select(p => p.Key[KeyPrefix.Length..]);

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["uidValidity"] = UidValidity, ["lastUid"] = LastUid };
        if (ModSeq > 0)
        {
            json["modSeq"] = ModSeq;
        }

        if (CheckedAt is { } checkedAt)
        {
            json["checkedAt"] = checkedAt;
        }

        return json;
    }
}
