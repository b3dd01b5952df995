using System.Net.Http.Headers;
using Connectors.Domain.Connectors;
using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.Documents;
using Connectors.Domain.Errors;
using Connectors.Domain.Http;
using Connectors.Domain.Installations;
using Connectors.Domain.OAuth;
using Connectors.Domain.Vault;
using Microsoft.Extensions.Options;

namespace Connectors.Tests.Guide.JsonFeed;

/// <summary>
/// The connector written by following docs/adding-a-connector.md: a private JSON Feed (jsonfeed.org) read
/// with a bearer token. A credential connector: the host renders, validates and routes its form from the
/// schema alone; the token is vaulted only after the feed accepted it. Every sync reads the whole feed
/// (following <c>next_url</c>) — a feed has no change query — and removes the documents of items gone.
/// </summary>
public sealed class JsonFeedConnector(OAuthStateStore states, CredentialVault vault, ProviderHttp http, IOptions<JsonFeedOptions> options)
    : CredentialConnector(states, vault)
{
    public const string ConnectorKey = "json-feed";

    private const string Provider = "The feed";

    public override string Key => ConnectorKey;

    public override string DisplayName => "JSON Feed";

    public override FormSchema CredentialForm => JsonFeedForms.Credential;

    protected override async Task VerifyCredentialsAsync(ConnectorAccount account, IReadOnlyDictionary<string, string> secrets, CancellationToken ct)
    {
        var site = JsonFeedSite.From(account.Config);
        await ReadPageAsync(site.FeedUrl, JsonFeedSite.Bearer(secrets[JsonFeedForms.Token]), ct);
    }

    public override async Task<SyncResult> SyncFullAsync(SyncContext context, CancellationToken ct)
    {
        var site = JsonFeedSite.From(context.Account.Config);
        var auth = await AuthorizationAsync(context.Account, ct);
        var (seen, added, updated) = (0, 0, 0);
        var present = new HashSet<string>(StringComparer.Ordinal);
        Uri? next = site.FeedUrl;
        for (var pages = 0; next is not null; pages++)
        {
            if (pages == options.Value.MaxPages)
            {
                // Not every item was listed: nothing is removed, what was read counts.
                return new SyncResult(seen, added, updated, 0, 0, $"The feed has more than {options.Value.MaxPages} pages; the rest was not read.");
            }

            var page = await ReadPageAsync(next, auth, ct);
            var items = page.Items ?? [];
            var counts = await context.Documents.UpsertAsync([.. items.Select(Document)], ct);
            (seen, added, updated) = (seen + items.Count, added + counts.Added, updated + counts.Updated);
            present.UnionWith(items.Select(i => i.Id));
            context.Progress.Report(new SyncProgress(seen, null));
            next = page.NextUrl is { Length: > 0 } link ? site.Next(link) : null;
        }

        var removed = await context.Documents.RemoveAllExceptAsync(present, ct);
        return new SyncResult(seen, added, updated, removed, 0);
    }

    public override Task<SyncResult> SyncIncrementalAsync(SyncContext context, DateTime? since, CancellationToken ct) =>
        SyncFullAsync(context, ct);

    public override async Task<HealthStatus> HealthAsync(ConnectorAccount account, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            var site = JsonFeedSite.From(account.Config);
            await ReadPageAsync(site.FeedUrl, await AuthorizationAsync(account, timeout.Token), timeout.Token);
            return HealthStatus.Healthy("The feed answered.");
        }
        catch (ConnectorException e)
        {
            return HealthStatus.Unhealthy(e.Message);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return HealthStatus.Unhealthy("The feed did not answer within 10 s.");
        }
    }

    /// <summary>One page of the feed, with messages that name the form field to fix.</summary>
    private async Task<JsonFeedPage> ReadPageAsync(Uri uri, AuthenticationHeaderValue auth, CancellationToken ct)
    {
        JsonFeedPage page;
        try
        {
            page = await http.GetJsonAsync<JsonFeedPage>(Provider, uri, auth, ct);
        }
        catch (ConnectorAuthException e)
        {
            throw new ConnectorAuthException("The feed refused the access token. Check Access token (token).", e);
        }

        return page.Version?.StartsWith("https://jsonfeed.org/version/1", StringComparison.Ordinal) == true
            ? page
            : throw new ConnectorConfigurationException("Feed URL (feed_url) does not serve a JSON Feed.");
    }

    private async Task<AuthenticationHeaderValue> AuthorizationAsync(ConnectorAccount account, CancellationToken ct) =>
        (await Vault.GetAsync(account.Id, ct))?.Secrets.GetValueOrDefault(JsonFeedForms.Token) is { Length: > 0 } token
            ? JsonFeedSite.Bearer(token)
            : throw new ConnectorAuthException("No access token is stored for this account; reconnect it.");

    private static DocumentInput Document(JsonFeedItem item) => new(
        item.Id,
        string.IsNullOrWhiteSpace(item.Title) ? $"Item {item.Id}" : item.Title,
        item.ContentText ?? (item.ContentHtml is { } html ? HtmlText.Convert(html) : ""),
        SourceUrl: item.Url,
        Author: item.Authors is [var first, ..] ? first.Name : null,
        SourceCreatedAt: item.DatePublished?.UtcDateTime,
        SourceUpdatedAt: (item.DateModified ?? item.DatePublished)?.UtcDateTime);
}
