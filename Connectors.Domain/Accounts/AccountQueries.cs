using System.Linq.Expressions;
using System.Text.Json.Nodes;
using Connectors.Domain.Connectors;
using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.Credentials;
using Connectors.Domain.Data;
using Connectors.Domain.Installations;
using Connectors.Domain.Projects;
using Connectors.Domain.Sync;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Connectors.Domain.Accounts;

/// <summary>
/// What the connectors page and the API read: every registered connector with the current tenant's accounts,
/// or one account, each with its newest run. Needs the view right; another tenant's account reads as not found.
/// </summary>
public sealed partial class AccountQueries(
    AccountStore store,
    ConnectorRegistry registry,
    TenantContext tenant,
    ActorContext actor,
    IOptions<ConnectorsOptions> options)
{
    public async Task<IReadOnlyList<ConnectorSummary>> GetSummaryAsync(CancellationToken ct)
    {
        actor.EnsureCanView();
        var tenantId = tenant.RequireTenantId();
        await using var db = store.Open();
        var defaultProject = await store.TenantDefaultProjectAsync(db, tenantId, ct);
        var lastRuns = await LastRunsAsync(db, tenantId, ct);
        // The accounts are streamed into their summaries: a row (and its columns the summary does not keep)
        // is garbage as soon as it is shaped, so the collector never copies the whole row set between generations.
        // The explicit tenant condition repeats the query filter on purpose: the filter's
        // "cross-tenant scan OR TenantId = @t" cannot use an index, this can (the unique
        // (TenantId, ConnectorKey, NormalizedLabel) index), so the read costs the tenant's rows, not every tenant's.
        var summary = new SummaryBuilder(registry.All, options.Value, defaultProject, lastRuns, await TargetsAsync(db, null, ct, tenantId));
        await foreach (var row in AccountRowsQuery(db, tenantId).AsAsyncEnumerable().WithCancellation(ct))
        {
            summary.Add(row);
        }

        return await WithTenantAppsAsync(db, summary.Build(), ct);
    }

    /// <summary>The OAuth clients as this tenant has them: its own app makes an OAuth connector configured even where the
    /// deployment has no client (the card says which is in use), and offers the sign-ins of a credential form that go
    /// through such an app (IMAP's XOAUTH2). One query, whatever the number of accounts.</summary>
    private async Task<IReadOnlyList<ConnectorSummary>> WithTenantAppsAsync(ConnectorsDbContext db, IReadOnlyList<ConnectorSummary> summaries, CancellationToken ct)
    {
        if (!summaries.Any(s => registry.Find(s.Key) is IOffersTenantOAuthApps))
        {
            return summaries;
        }

        var own = (await db.TenantOAuthApps.AsNoTracking().Select(a => a.ProviderKey).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        return [.. summaries.Select(s => registry.Find(s.Key) switch
        {
            OAuthConnector when own.Contains(s.Key) => s with { IsConfigured = true, MissingConfiguration = null, OAuthApp = "tenant" },
            OAuthConnector when s.IsConfigured => s with { OAuthApp = "deployment" },
            ISupportsCredentialForm form and IOffersTenantOAuthApps when own.Count > 0 => s with { CredentialForm = form.CredentialFormFor(own) },
            _ => s,
        })];
    }

    /// <summary>
    /// The connectors page's cards: every registered connector with the tenant's number of accounts and only its
    /// first <paramref name="perConnector"/> accounts by label, each with its newest run. The SQL commands depend on
    /// the number of connectors, never on the number of accounts: the counts, the tenant default, one page of rows
    /// per connector that has accounts, and the newest runs of the rows shown.
    /// </summary>
    public async Task<IReadOnlyList<ConnectorSummary>> GetCardsAsync(int perConnector, CancellationToken ct)
    {
        actor.EnsureCanView();
        var tenantId = tenant.RequireTenantId();
        await using var db = store.Open();
        var accounts = db.Installations.AsNoTracking().Where(i => i.TenantId == tenantId);
        var counts = await accounts.GroupBy(i => i.ConnectorKey).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, StringComparer.Ordinal, ct);
        var defaultProject = await store.TenantDefaultProjectAsync(db, tenantId, ct);
        var rows = new Dictionary<string, List<AccountRow>>(StringComparer.Ordinal);
        foreach (var connector in registry.All.Where(c => counts.ContainsKey(c.Key)))
        {
            rows[connector.Key] = await accounts.Where(i => i.ConnectorKey == connector.Key)
                .OrderBy(i => i.NormalizedLabel).ThenBy(i => i.Id).Take(perConnector)
                .Select(AccountRowProjection(db)).ToListAsync(ct);
        }

        var shownIds = rows.Values.SelectMany(r => r.Select(a => a.Id)).ToList();
        var lastRuns = await LastRunsOfAsync(db, shownIds, ct);
        var targets = await TargetsAsync(db, shownIds, ct);
        var cards = registry.All.Select(connector =>
        {
            var inherited = SyncSchedule.CadenceMinutes(null, connector.Key, options.Value);
            var shown = rows.TryGetValue(connector.Key, out var list)
                ? list.Select(r => ToSummary(r, defaultProject, lastRuns.GetValueOrDefault(r.Id), inherited, targets.GetValueOrDefault(r.Id))).ToList()
                : [];
            return Summarize(connector, shown) with { TotalAccounts = counts.GetValueOrDefault(connector.Key) };
        }).ToList();
        return await WithTenantAppsAsync(db, cards, ct);
    }

    /// <summary>A connector as the account dialogs need it (auth kind, forms, configured or not), without its accounts.</summary>
    public ConnectorSummary? DescribeConnector(string key) => registry.Find(key) is { } connector ? Summarize(connector, []) : null;

    public async Task<AccountSummary> GetAccountAsync(Guid id, CancellationToken ct)
    {
        actor.EnsureCanView();
        await using var db = store.Open();
        var installation = await store.LoadAsync(db, id, ct);
        var defaultProject = await store.TenantDefaultProjectAsync(db, installation.TenantId, ct);
        var lastRun = await db.SyncRuns.Where(r => r.InstallationId == id).OrderByDescending(r => r.QueuedAt)
            .Select(r => new LastRunSummary(r.Id, r.Status, r.QueuedAt, r.FinishedAt, r.Added, r.Updated, r.ErrorMessage, r.StartedAt))
            .FirstOrDefaultAsync(ct);
        var credentialName = installation.CredentialId is { } credentialId
            ? await db.TenantCredentials.Where(c => c.Id == credentialId).Select(c => c.Name).FirstOrDefaultAsync(ct)
            : null;
        var hasOwn = await db.Credentials.AnyAsync(c => c.InstallationId == id, ct);
        var targets = await TargetsAsync(db, [id], ct);
        var held = await db.HeldRemovals.CountAsync(h => h.InstallationId == id, ct);
        return ToSummary(installation, defaultProject, lastRun) with
        {
            HeldRemovals = held,
            TargetProjects = targets.GetValueOrDefault(id) ?? [],
            CredentialId = installation.CredentialId,
            CredentialName = credentialName,
            CredentialSource = CredentialResolution.SourceOf(installation.CredentialId, hasOwn),
        };
    }

    private static ConnectorSummary Summarize(IConnector connector, IReadOnlyList<AccountSummary> accounts)
    {
        var missing = (connector as IReportsConfiguration)?.MissingConfiguration;
        return new ConnectorSummary(
            connector.Key,
            connector.DisplayName,
            connector.IconUrl,
            connector is ISupportsCredentialForm ? ConnectorAuthKind.Credential : ConnectorAuthKind.OAuth,
            (connector as ISupportsCredentialForm)?.CredentialForm,
            (connector as ISupportsSettings)?.SettingsForm,
            connector.OAuthScopes,
            missing is null,
            missing,
            accounts) { SignInSummary = connector.SignInSummary };
    }

    private AccountSummary ToSummary(ConnectorInstallation i, string? tenantDefault, LastRunSummary? lastRun)
    {
        var config = AccountStore.Config(i);
        return new AccountSummary(
            i.Id, i.ConnectorKey, i.Label, i.ProjectKey,
            AccountStore.Describe(i, tenantDefault, config).ProjectKey,
            i.Status, AccountError.FromJson(i.ErrorJson), i.CadenceMinutes,
            i.LastSyncAt, i.LastSuccessAt, i.NextSyncAt, i.TestStatus, i.LastTestedAt, lastRun)
        {
            Config = config,
            CreatedAt = i.CreatedAt,
            CheckMessage = i.CheckMessage,
            CheckFailures = i.CheckFailures,
            CheckMinutes = i.CheckMinutes,
            InheritedCheckMinutes = Checks.CheckSchedule.CadenceMinutes(null, i.ConnectorKey, options.Value),
            NextCheckAt = i.Status == InstallationStatus.Active ? i.NextCheckAt : null,
            InheritedCadenceMinutes = SyncSchedule.CadenceMinutes(null, i.ConnectorKey, options.Value),
        };
    }

    /// <summary>The same as <see cref="ToSummary(ConnectorInstallation, string?, LastRunSummary?)"/> from the
    /// summary's projection (the columns it shows, not the whole entity).</summary>
    internal static AccountSummary ToSummary(AccountRow i, string? tenantDefault, LastRunSummary? lastRun, int inheritedCadence, string[]? targets = null)
    {
        // The resolver looks into the config (for a legacy "project_key") only when the account has no binding
        // of its own. A text without that name and without any escape (which could spell it) has no such key: the
        // config is not parsed here at all (the summary parses it when a surface first reads it), same result.
        var mayHaveLegacyKey = string.IsNullOrWhiteSpace(i.ProjectKey)
            && (i.ConfigJson.Contains("project_key", StringComparison.Ordinal) || i.ConfigJson.Contains('\\', StringComparison.Ordinal));
        return new AccountSummary(
            i.Id, i.ConnectorKey, i.Label, i.ProjectKey,
            ProjectKeyResolver.Resolve(i.ProjectKey, mayHaveLegacyKey ? JsonNode.Parse(i.ConfigJson) as JsonObject ?? [] : null, tenantDefault),
            i.Status, AccountError.FromJson(i.ErrorJson), i.CadenceMinutes,
            i.LastSyncAt, i.LastSuccessAt, i.NextSyncAt, i.TestStatus, i.LastTestedAt, lastRun)
        {
            ConfigJson = i.ConfigJson,
            CreatedAt = i.CreatedAt,
            InheritedCadenceMinutes = inheritedCadence,
            TargetProjects = targets ?? [],
            CredentialId = i.CredentialId,
            CredentialName = i.CredentialName,
            CredentialSource = CredentialResolution.SourceOf(i.CredentialId, i.HasOwnCredentials),
        };
    }

    /// <summary>
    /// The newest run of every account of the tenant, in one query whatever the number of accounts. It starts
    /// from the tenant's accounts and finds each one's newest run through the (InstallationId, QueuedAt) index —
    /// one probe for the latest QueuedAt, one for the row — so its cost follows the tenant's accounts, not the
    /// run history of every tenant (which grows by one run per account and sync). Two runs of one account queued
    /// at the same instant both match; one of them is kept, as before.
    /// </summary>
    internal static async Task<Dictionary<Guid, LastRunSummary>> LastRunsAsync(ConnectorsDbContext db, Guid tenantId, CancellationToken ct)
    {
        // Streamed into the dictionary: no list of rows, no grouping.
        var newest = new Dictionary<Guid, LastRunSummary>();
        await foreach (var row in LastRunsQuery(db, tenantId).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (!newest.TryGetValue(row.InstallationId, out var kept) || row.Summary.QueuedAt > kept.QueuedAt)
            {
                newest[row.InstallationId] = row.Summary;
            }
        }

        return newest;
    }

    /// <summary>The newest run of each of <paramref name="ids"/> (one page of the accounts table), in one query.</summary>
    internal static async Task<Dictionary<Guid, LastRunSummary>> LastRunsOfAsync(ConnectorsDbContext db, List<Guid> ids, CancellationToken ct)
    {
        var newest = new Dictionary<Guid, LastRunSummary>(ids.Count);
        if (ids.Count == 0)
        {
            return newest;
        }

        var query =
            from r in db.SyncRuns.AsNoTracking()
            where ids.Contains(r.InstallationId)
                && r.QueuedAt == db.SyncRuns.Where(x => x.InstallationId == r.InstallationId).Max(x => x.QueuedAt)
            select new LastRunRow(r.InstallationId, new LastRunSummary(r.Id, r.Status, r.QueuedAt, r.FinishedAt, r.Added, r.Updated, r.ErrorMessage, r.StartedAt));
        await foreach (var row in query.AsAsyncEnumerable().WithCancellation(ct))
        {
            newest.TryAdd(row.InstallationId, row.Summary);
        }

        return newest;
    }

    /// <summary>The query of <see cref="LastRunsAsync"/>, on its own so its SQL can be checked for both providers.</summary>
    internal static IQueryable<LastRunRow> LastRunsQuery(ConnectorsDbContext db, Guid tenantId) =>
        from i in db.Installations.AsNoTracking()
        where i.TenantId == tenantId
        join r in db.SyncRuns.AsNoTracking() on i.Id equals r.InstallationId
        where r.QueuedAt == db.SyncRuns.Where(x => x.InstallationId == i.Id).Max(x => x.QueuedAt)
        select new LastRunRow(r.InstallationId, new LastRunSummary(r.Id, r.Status, r.QueuedAt, r.FinishedAt, r.Added, r.Updated, r.ErrorMessage, r.StartedAt));

    internal readonly record struct LastRunRow(Guid InstallationId, LastRunSummary Summary);
}
