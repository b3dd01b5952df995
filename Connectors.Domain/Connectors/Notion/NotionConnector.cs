using System.Net.Http.Headers;
using Connectors.Domain.Connectors;
using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.OAuth;

namespace Connectors.Domain.Connectors.Notion;

/// <summary>
/// Notion pages as documents: OAuth 2.0 without PKCE or scopes (access is what the user
/// shares on Notion's consent page, <c>owner=user</c>), the client authenticating at the token endpoint
/// with HTTP Basic and a JSON body. A sync walks the search listing and reads the blocks of pages edited
/// since the cursor (see <see cref="NotionSync"/>); the cursor is saved only after a run that got through.
/// </summary>
public sealed class NotionConnector(OAuthConnectorServices services) : OAuthConnector(services), ISupportsPreview, ISupportsSettings
{
    public const string ConnectorKey = "notion";

    private static readonly OAuthProviderDefaults Defaults = new(
        AuthorizeEndpoint: new Uri("https://api.notion.com/v1/oauth/authorize"),
        TokenEndpoint: new Uri("https://api.notion.com/v1/oauth/token"),
        ApiBaseUrl: new Uri("https://api.notion.com/"),
        Scopes: [],
        UsePkce: false,
        ClientAuthentication: OAuthClientAuthentication.BasicHeaderJsonBody,
        AuthorizeParameters: new Dictionary<string, string> { ["owner"] = "user" });

    public override string Key => ConnectorKey;

    public override string DisplayName => "Notion";

    protected override OAuthProviderDefaults ProviderDefaults => Defaults;

    /// <summary>Root pages or databases to include, and an age limit (<see cref="NotionScope"/>).</summary>
    public FormSchema SettingsForm => NotionScope.Settings;

    /// <summary>The roots one can choose: the pages at the top of the workspace and every database shared with the
    /// integration, listed live.</summary>
    public async Task<IReadOnlyList<FieldOption>> DiscoverOptionsAsync(ConnectorAccount account, string fieldName, CancellationToken ct)
    {
        if (SettingsForm.Find(fieldName)?.Discovery != NotionScope.RootsDiscovery)
        {
            throw new ArgumentException($"Settings field '{fieldName}' has no live options.", nameof(fieldName));
        }

        var api = await ApiAsync(account, ct);
        PaginationLimitException Stop() => new("Notion lists too many pages to choose from; type the page or database id.", SyncResult.Empty);
        var options = new List<FieldOption>();
        await foreach (var list in NotionListing.PagesAsync(api.SearchDatabasesAsync, Stop, ct))
        {
            options.AddRange(list.Select(d => new FieldOption(d.Id, $"{NotionRichText.ToPlainText(d.Title)} (database)")));
        }

        await foreach (var list in NotionListing.PagesAsync((cursor, token) => api.SearchPagesAsync(cursor, token), Stop, ct))
        {
            options.AddRange(list.Where(p => !p.IsRemoved && p.Parent?.Type == "workspace").Select(p => new FieldOption(p.Id, p.Title)));
        }

        return [.. options.OrderBy(o => o.Label, StringComparer.CurrentCultureIgnoreCase)];
    }

    public override Task<SyncResult> SyncFullAsync(SyncContext context, CancellationToken ct) => SyncAsync(context, incremental: false, ct);

    public override Task<SyncResult> SyncIncrementalAsync(SyncContext context, DateTime? since, CancellationToken ct) =>
        SyncAsync(context, incremental: since is not null, ct);

    /// <summary><c>GET v1/users/me</c>: the integration's bot user, readable with any valid token.</summary>
    protected override Task CheckAccessAsync(ConnectorAccount account, OAuthProvider provider, AuthenticationHeaderValue authorization, CancellationToken ct) =>
        new NotionApi(Http, provider.ApiBaseUrl, _ => Task.FromResult(authorization)).MeAsync(ct);

    /// <summary>The most recently edited pages shared with the integration, newest first, each read as a sync reads it.</summary>
    public async Task<IReadOnlyList<PreviewItem>> PreviewAsync(ConnectorAccount account, int limit, CancellationToken ct)
    {
        var api = await ApiAsync(account, ct);
        var reader = new NotionPageReader(api);
        var scope = NotionScope.From(account.Config, Clock.GetUtcNow());
        if (scope.HasRoots)
        {
            // The ancestry needs the whole listing (metadata only); then the newest pages in scope are read.
            var (pages, parents) = await NotionListing.WithAncestryAsync(api, () => new PaginationLimitException("Notion lists too many pages to preview.", SyncResult.Empty), ct);
            var chosen = pages.Where(p => !p.IsRemoved && scope.IsRecent(p) && scope.IsUnderRoot(p, parents)).Take(limit).ToList();
            var previews = new List<PreviewItem>(chosen.Count);
            foreach (var page in chosen)
            {
                var read = NotionDocuments.From(page, await reader.ReadAsync(page.Id, ct));
                previews.Add(PreviewItem.From(read, System.Text.Encoding.UTF8.GetByteCount(read.Content)));
            }

            return previews;
        }

        var items = new List<PreviewItem>();
        string? cursor = null;
        // Search lists archived and trashed pages too (a sync removes them): ask for more than needed, a few answers at most.
        for (var answer = 0; answer < 3 && items.Count < limit; answer++)
        {
            var pages = await api.SearchPagesAsync(cursor, ct, pageSize: Math.Min(NotionApi.PageSize, limit * 4));
            foreach (var page in pages.Results.Where(p => !p.Archived && !p.InTrash && scope.IsRecent(p)).Take(limit - items.Count))
            {
                var document = NotionDocuments.From(page, await reader.ReadAsync(page.Id, ct));
                items.Add(PreviewItem.From(document, System.Text.Encoding.UTF8.GetByteCount(document.Content)));
            }

            if (!pages.HasMore || pages.NextCursor is null)
            {
                break;
            }

            cursor = pages.NextCursor;
        }

        return items;
    }

    private async Task<SyncResult> SyncAsync(SyncContext context, bool incremental, CancellationToken ct)
    {
        var api = await ApiAsync(context.Account, ct);
        var saved = incremental ? NotionCursor.Read((await Services.Vault.GetAsync(context.Account.Id, ct))?.Extra ?? []) : null;
        var (result, cursor) = await new NotionSync(api, context, NotionScope.From(context.Account.Config, Clock.GetUtcNow())).RunAsync(saved, ct);
        if (cursor is { } next && next != saved)
        {
            await Services.Vault.SetExtraKeyAsync(context.Account.Id, NotionCursor.Key, NotionCursor.ToJson(next), ct);
        }

        return result;
    }

    private async Task<NotionApi> ApiAsync(ConnectorAccount account, CancellationToken ct)
    {
        var provider = await ProviderAsync(ct);
        return new NotionApi(Http, provider.ApiBaseUrl, Authorizer(account, provider));
    }
}
