using System.Text.Json.Nodes;
using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.OAuth;
using Connectors.Domain.Vault;
using Microsoft.Extensions.Options;

namespace Connectors.Domain.Connectors.Imap;

/// <summary>
/// Email over IMAP (DESIGN §3). Basic auth signs in to the real server before anything is vaulted;
/// a sync walks every selected folder from its (UIDVALIDITY, last UID) cursor, fetching new
/// messages in batches, and turns each message into a document.
/// </summary>
public sealed class ImapConnector(
    OAuthStateStore states,
    CredentialVault vault,
    IImapGateway gateway,
    ImapOAuthProviders providers,
    IOptions<ImapOptions> options,
    TimeProvider clock) : CredentialConnector(states, vault), ISupportsSettings
{
    public const string ConnectorKey = "imap";

    public override string Key => ConnectorKey;

    public override string DisplayName => "Email (IMAP)";

    public override FormSchema CredentialForm => ImapForms.Credential;

    public FormSchema SettingsForm => ImapForms.Settings;

    public override Task<OAuthStart> InitiateOAuthAsync(OAuthInitiation request, CancellationToken ct)
    {
        var settings = ImapAccountSettings.From(request.Account.Config);
        return settings.IsXOAuth2
            ? throw providers.NotAvailable(settings.Provider)
            : base.InitiateOAuthAsync(request, ct);
    }

    protected override async Task VerifyCredentialsAsync(ConnectorAccount account, IReadOnlyDictionary<string, string> secrets, CancellationToken ct)
    {
        var settings = ImapAccountSettings.From(account.Config);
        await using var mailbox = await gateway.OpenAsync(settings, new ImapCredential(secrets.GetValueOrDefault("password"), null), ct);
        await mailbox.NoopAsync(ct);
    }

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
            return HealthStatus.Healthy("Signed in and the server answered NOOP.");
        }
        catch (ConnectorException e)
        {
            return HealthStatus.Unhealthy(e.Message);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return HealthStatus.Unhealthy($"The server did not answer within {options.Value.HealthTimeoutSeconds} s.");
        }
    }

    private async Task<SyncResult> SyncAsync(SyncContext context, bool full, CancellationToken ct)
    {
        var settings = ImapAccountSettings.From(context.Account.Config);
        await using var mailbox = await OpenAsync(context.Account, ct);
        var folders = (await mailbox.ListFoldersAsync(ct)).Where(f => settings.Syncs(f.Name)).ToList();
        var extra = (await Vault.GetAsync(context.Account.Id, ct))?.Extra ?? [];
        var since = settings.DateWindowDays > 0 ? clock.GetUtcNow().UtcDateTime.AddDays(-settings.DateWindowDays) : (DateTime?)null;
        var folderSync = new ImapFolderSync(mailbox, Vault, context, settings, options.Value.BatchSize);
        var total = SyncResult.Empty;
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

    private async Task<IImapMailbox> OpenAsync(ConnectorAccount account, CancellationToken ct)
    {
        var settings = ImapAccountSettings.From(account.Config);
        var stored = await Vault.GetAsync(account.Id, ct)
            ?? throw new ConnectorAuthException("No credentials are stored for this account; reconnect it.");
        return await gateway.OpenAsync(settings, new ImapCredential(stored.Secrets.GetValueOrDefault("password"), stored.AccessToken), ct);
    }

    private static SyncResult Add(SyncResult a, SyncResult b) => new(
        a.Seen + b.Seen, a.Added + b.Added, a.Updated + b.Updated, a.Removed + b.Removed, a.Failed + b.Failed,
        a.PartialReason ?? b.PartialReason);
}

/// <summary>A folder's position: the UIDVALIDITY it was read under and the highest UID seen.
/// Stored in the vault's non-secret <c>Extra</c>, one key per folder.</summary>
public sealed record ImapCursor(uint UidValidity, uint LastUid)
{
    public static string KeyFor(string folder) => $"imap.cursor:{folder}";

    public static ImapCursor? Read(JsonObject extra, string folder) =>
        extra[KeyFor(folder)] is JsonObject o
        && o["uidValidity"] is JsonValue v && v.TryGetValue<uint>(out var validity)
        && o["lastUid"] is JsonValue u && u.TryGetValue<uint>(out var last)
            ? new ImapCursor(validity, last)
            : null;

    public JsonObject ToJson() => new() { ["uidValidity"] = UidValidity, ["lastUid"] = LastUid };
}
