using System.Net.Http.Headers;
using Connectors.Domain.Connectors;
using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.Errors;
using Connectors.Domain.Http;
using Connectors.Domain.Installations;
using Connectors.Domain.OAuth;
using Connectors.Domain.Vault;
using Microsoft.Extensions.Options;

namespace Connectors.Domain.Connectors.Confluence;

/// <summary>
/// Confluence Cloud pages over the REST API v1, signed in with an Atlassian account's email and API
/// token (HTTP Basic). A credential connector: the host renders, validates and routes its form from the
/// schema alone; the token is vaulted only after <c>user/current</c> accepted it. A full sync lists every
/// page (of the chosen spaces) and removes the documents of pages gone; an incremental one asks CQL for
/// pages modified since the cursor, then lists page ids only to find deleted pages, which vanish from
/// search rather than appearing as changes.
/// </summary>
public sealed class ConfluenceConnector(
    OAuthStateStore states, CredentialVault vault, ProviderHttp http, IOptions<ConfluenceOptions> options, TimeProvider clock)
    : CredentialConnector(states, vault), ISupportsPreview, ISupportsSettings
{
    /// <summary>Pages fetched by id at once when a widened filter brings pages in.</summary>
    private const int IdBatch = 50;

    public const string ConnectorKey = "confluence";

    /// <summary>How <see cref="ProviderHttp"/> names the provider in its messages.</summary>
    internal const string Provider = "Confluence";

    public override string Key => ConnectorKey;

    public override string DisplayName => "Confluence";

    public override FormSchema CredentialForm => ConfluenceForms.Credential;

    public FormSchema SettingsForm => ConfluenceForms.Settings;

    /// <summary>No settings field of Confluence's lists live options (labels are typed).</summary>
    public Task<IReadOnlyList<FieldOption>> DiscoverOptionsAsync(ConnectorAccount account, string fieldName, CancellationToken ct) =>
        throw new ArgumentException($"Settings field '{fieldName}' has no live options.", nameof(fieldName));

    protected override async Task VerifyCredentialsAsync(ConnectorAccount account, IReadOnlyDictionary<string, string> secrets, CancellationToken ct)
    {
        var site = ConfluenceSite.From(account.Config);
        var token = secrets.GetValueOrDefault(ConfluenceForms.ApiToken)
            ?? throw new ConnectorAuthException("API token (api_token) is required.");
        await SignInAsync(site, site.Basic(token), ct);
    }

    public override Task<SyncResult> SyncFullAsync(SyncContext context, CancellationToken ct) => SyncAsync(context, incremental: false, ct);

    public override Task<SyncResult> SyncIncrementalAsync(SyncContext context, DateTime? since, CancellationToken ct) =>
        SyncAsync(context, incremental: since is not null, ct);

    public override async Task<HealthStatus> HealthAsync(ConnectorAccount account, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            var site = ConfluenceSite.From(account.Config);
            await SignInAsync(site, await AuthorizationAsync(account, site, timeout.Token), timeout.Token);
            return HealthStatus.Healthy($"Signed in to Confluence at {site.Root}.");
        }
        catch (ConnectorException e)
        {
            return HealthStatus.Failed(e);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return HealthStatus.Unhealthy("Confluence did not answer within 10 s.");
        }
    }

    /// <summary>The most recently modified pages of the account's spaces, newest first, read as a sync reads them.</summary>
    public async Task<IReadOnlyList<PreviewItem>> PreviewAsync(ConnectorAccount account, int limit, CancellationToken ct)
    {
        var site = ConfluenceSite.From(account.Config);
        var auth = await AuthorizationAsync(account, site, ct);
        var scope = await ScopeAsync(account.Config, site, auth, needsZone: false, ct);
        return await ConfluencePageSync.PreviewAsync(http, site, auth, ConfluenceCql.NewestFirst(scope), limit, ct);
    }

    private async Task<SyncResult> SyncAsync(SyncContext context, bool incremental, CancellationToken ct)
    {
        var site = ConfluenceSite.From(context.Account.Config);
        var auth = await AuthorizationAsync(context.Account, site, ct);
        var cursor = ConfluenceCursor.Read((await Vault.GetAsync(context.Account.Id, ct))?.Extra ?? []);
        var pages = new ConfluencePageSync(http, site, auth, context, options.Value);
        ConfluenceIngest ingested;
        IReadOnlySet<string> present;
        if (incremental && cursor is not null)
        {
            var scope = await ScopeAsync(context.Account.Config, site, auth, needsZone: true, ct);
            ingested = await pages.IngestAsync(ConfluenceCql.ModifiedSince(scope, cursor.LastModified, TimeSpan.FromMinutes(options.Value.OverlapMinutes)), ct);
            present = await pages.ListIdsAsync(ConfluenceCql.Pages(scope), ingested.Result, ct);
            // Pages in scope that are not stored — a widened filter brought them in — are fetched by id; nothing else is read again.
            var stored = await context.Documents.StoredIdsAsync(ct);
            foreach (var batch in present.Where(id => !stored.Contains(id) && !ingested.Ids.Contains(id)).Chunk(IdBatch))
            {
                ingested = ingested.With(await pages.IngestAsync(ConfluenceCql.WithIds(scope, batch), ct));
            }
        }
        else
        {
            var scope = await ScopeAsync(context.Account.Config, site, auth, needsZone: false, ct);
            ingested = await pages.IngestAsync(ConfluenceCql.Pages(scope), ct);
            present = ingested.Ids;
        }

        var removed = await context.Documents.RemoveAllExceptAsync(present, ct);
        if (ingested.LastModified is { } last && (cursor is null || last > cursor.LastModified))
        {
            await Vault.SetExtraKeyAsync(context.Account.Id, ConfluenceCursor.Key, new ConfluenceCursor(last).ToJson(), ct);
        }

        return ingested.Result with { Removed = removed };
    }

    /// <summary>The account's scope now; the site's time zone is asked for when a date is in the query.</summary>
    private async Task<ConfluenceScope> ScopeAsync(
        System.Text.Json.Nodes.JsonObject config, ConfluenceSite site, AuthenticationHeaderValue auth, bool needsZone, CancellationToken ct)
    {
        var zone = needsZone || ConfluenceScope.HasAgeLimit(config) ? await SiteTimeZoneAsync(site, auth, ct) : null;
        return ConfluenceScope.From(site, config, clock.GetUtcNow(), zone);
    }

    /// <summary>One cheap call (<c>user/current</c>) that says whether the site, email and token work,
    /// with a message naming the form field to fix.</summary>
    private async Task SignInAsync(ConfluenceSite site, AuthenticationHeaderValue auth, CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, site.Api("user/current"));
            using var response = await http.SendAsync(Provider, request, auth, ct);
        }
        catch (ConnectorAuthException e)
        {
            throw new ConnectorAuthException(
                "Confluence refused the email or API token. Check Email (email) and API token (api_token): "
                + "the token must belong to that Atlassian account (create one at id.atlassian.com → Security → API tokens).", e);
        }
        catch (ConnectorConfigurationException e)
        {
            throw new ConnectorConfigurationException($"Base URL (base_url) {site.Root} is not a Confluence Cloud site we can use: {e.Message}", e);
        }
        catch (ConnectorApiException e)
        {
            throw new ConnectorApiException($"Could not reach Confluence at {site.Root} (base_url): {e.Message}", e.RetryAfter, e);
        }
    }

    private async Task<AuthenticationHeaderValue> AuthorizationAsync(ConnectorAccount account, ConfluenceSite site, CancellationToken ct) =>
        (await Vault.GetAsync(account.Id, ct))?.Secrets.GetValueOrDefault(ConfluenceForms.ApiToken) is { Length: > 0 } token
            ? site.Basic(token)
            : throw new ConnectorAuthException("No Confluence API token is stored for this account; reconnect it.");

    /// <summary>The zone CQL reads dates in; null when the site does not say (Data Center has no
    /// <c>systemInfo</c>) or names a zone this machine does not know.</summary>
    private async Task<TimeZoneInfo?> SiteTimeZoneAsync(ConfluenceSite site, AuthenticationHeaderValue auth, CancellationToken ct)
    {
        try
        {
            var info = await http.GetJsonAsync<ConfluenceSystemInfo>(Provider, site.Api("settings/systemInfo"), auth, ct);
            return info.DefaultTimeZone is { Length: > 0 } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;
        }
        catch (ConnectorConfigurationException)
        {
            return null;
        }
    }
}
