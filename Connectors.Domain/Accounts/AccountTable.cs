using Connectors.Domain.Connectors;
using Connectors.Domain.Data;
using Connectors.Domain.Installations;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Connectors.Domain.Accounts;

/// <summary>One row of the accounts table: the account as every surface shows it, its connector's name and
/// whether it is stale (see <see cref="AccountStaleness"/>).</summary>
public sealed record AccountTableRow(AccountSummary Account, string ConnectorName, bool IsStale);

/// <summary>One page of the accounts table and how many accounts match in all.</summary>
public sealed record AccountTablePage(IReadOnlyList<AccountTableRow> Rows, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// The accounts table across connectors: search, filters, order and paging all run in the database, so a page
/// costs the same SQL commands whatever the tenant's size — the tenant's default project, the count, the page's
/// rows, their newest runs, and the tenant's project names when there is search text. Needs the view right;
/// reads only the current tenant.
/// </summary>
public sealed class AccountTable(
    AccountStore store,
    ConnectorRegistry registry,
    TenantContext tenant,
    ActorContext actor,
    IOptions<ConnectorsOptions> options,
    TimeProvider clock)
{
    public async Task<AccountTablePage> SearchAsync(AccountTableQuery query, CancellationToken ct)
    {
        actor.EnsureCanView();
        var tenantId = tenant.RequireTenantId();
        var settings = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = store.Open();
        var defaultProject = await store.TenantDefaultProjectAsync(db, tenantId, ct);
        var resolvedDefault = Projects.ProjectKeyResolver.Resolve(null, null, defaultProject);
        var matching = await MatchingAsync(db, tenantId, query, resolvedDefault, settings, now, ct);
        var total = await matching.CountAsync(ct);
        var page = Math.Min(query.Page, Math.Max(1, (total + query.PageSize - 1) / query.PageSize));
        var rows = await Ordered(db, matching, query).Skip((page - 1) * query.PageSize).Take(query.PageSize)
            .Select(AccountQueries.AccountRowProjection(db)).ToListAsync(ct);
        return new AccountTablePage(await RowsAsync(db, rows, defaultProject, now, ct), total, page, query.PageSize);
    }

    /// <summary>Table rows for loaded accounts: their newest runs in one query, connector names, staleness.</summary>
    internal async Task<List<AccountTableRow>> RowsAsync(
        ConnectorsDbContext db, IReadOnlyList<AccountQueries.AccountRow> rows, string? defaultProject, DateTime now, CancellationToken ct)
    {
        var lastRuns = await AccountQueries.LastRunsOfAsync(db, [.. rows.Select(r => r.Id)], ct);
        var targets = await AccountQueries.TargetsAsync(db, [.. rows.Select(r => r.Id)], ct);
        var result = new List<AccountTableRow>(rows.Count);
        foreach (var row in rows)
        {
            var connector = registry.Find(row.ConnectorKey);
            var inherited = Sync.SyncSchedule.CadenceMinutes(null, row.ConnectorKey, options.Value);
            var account = AccountQueries.ToSummary(row, defaultProject, lastRuns.GetValueOrDefault(row.Id), inherited, targets.GetValueOrDefault(row.Id));
            result.Add(new AccountTableRow(account, connector?.DisplayName ?? row.ConnectorKey, AccountStaleness.IsStale(account, now)));
        }

        return result;
    }

    /// <summary>The current tenant's accounts that match the query's search and filters (not ordered, not paged) —
    /// the accounts a bulk action on "all matching" acts on.</summary>
    internal async Task<IQueryable<ConnectorInstallation>> MatchingAsync(ConnectorsDbContext db, AccountTableQuery query, CancellationToken ct)
    {
        actor.EnsureCanView();
        var tenantId = tenant.RequireTenantId();
        var resolvedDefault = Projects.ProjectKeyResolver.Resolve(null, null, await store.TenantDefaultProjectAsync(db, tenantId, ct));
        return await MatchingAsync(db, tenantId, query, resolvedDefault, options.Value, clock.GetUtcNow().UtcDateTime, ct);
    }

    /// <summary>The tenant's accounts that match the query's search and filters (not ordered, not paged).</summary>
    private async Task<IQueryable<ConnectorInstallation>> MatchingAsync(
        ConnectorsDbContext db, Guid tenantId, AccountTableQuery query, string resolvedDefault, ConnectorsOptions settings, DateTime now, CancellationToken ct)
    {
        // The explicit tenant condition uses the (TenantId, ConnectorKey, NormalizedLabel) index; the query filter alone cannot.
        var accounts = db.Installations.AsNoTracking().Where(i => i.TenantId == tenantId);
        if (query.Statuses.Count > 0)
        {
            var (pending, active, paused, reconnect, error) = (
                query.Statuses.Contains(InstallationStatus.Pending), query.Statuses.Contains(InstallationStatus.Active),
                query.Statuses.Contains(InstallationStatus.Paused), query.Statuses.Contains(InstallationStatus.NeedsReconnect),
                query.Statuses.Contains(InstallationStatus.Error));
            accounts = accounts.Where(i =>
                (pending && i.Status == InstallationStatus.Pending) || (active && i.Status == InstallationStatus.Active)
                || (paused && i.Status == InstallationStatus.Paused) || (reconnect && i.Status == InstallationStatus.NeedsReconnect)
                || (error && i.Status == InstallationStatus.Error));
        }

        if (query.Connector is { } connectorKey)
        {
            accounts = accounts.Where(i => i.ConnectorKey == connectorKey);
        }

        if (query.Project is { } project)
        {
            accounts = accounts.Where(InProject(project, project == resolvedDefault));
        }

        if (query.StaleOnly)
        {
            accounts = accounts.Where(AccountStaleness.Predicate(settings, now));
        }

        if (query.Q is { Length: > 0 } q)
        {
            var label = AccountLabel.Normalize(q);
            var connectors = registry.All
                .Where(c => c.Key.Contains(q, StringComparison.OrdinalIgnoreCase) || c.DisplayName.Contains(q, StringComparison.OrdinalIgnoreCase))
                .Select(c => c.Key).ToList();
            var projects = await db.Projects.AsNoTracking().Where(p => p.TenantId == tenantId).Select(p => new { p.Key, p.Name }).ToListAsync(ct);
            var projectKeys = projects
                .Where(p => p.Key.Contains(q, StringComparison.OrdinalIgnoreCase) || p.Name.Contains(q, StringComparison.OrdinalIgnoreCase))
                .Select(p => p.Key).ToList();
            var defaultMatches = projectKeys.Contains(resolvedDefault) || resolvedDefault.Contains(q, StringComparison.OrdinalIgnoreCase);
            accounts = accounts.Where(i =>
                i.NormalizedLabel.Contains(label)
                || connectors.Contains(i.ConnectorKey)
                || (i.ProjectKey != null && projectKeys.Contains(i.ProjectKey))
                || (i.ProjectKey == null && defaultMatches && !i.ConfigJson.Contains(LegacyProjectMarker)));
        }

        return accounts;
    }

    /// <summary>Accounts that ingest into <paramref name="project"/>: bound to it, or inheriting a tenant default that
    /// is it — unless a legacy <c>project_key</c> in the settings binds them elsewhere (ProjectKeyResolver's order) — or
    /// having it as a further target project.</summary>
    private static System.Linq.Expressions.Expression<Func<ConnectorInstallation, bool>> InProject(string project, bool isTenantDefault)
    {
        var legacy = LegacyProjectMarker + System.Text.Json.JsonSerializer.Serialize(project);
        return i => i.ProjectKey == project
            || i.Targets.Any(t => t.ProjectKey == project)
            || (i.ProjectKey == null && i.ConfigJson.Contains(legacy))
            || (i.ProjectKey == null && isTenantDefault && !i.ConfigJson.Contains(LegacyProjectMarker));
    }

    /// <summary>How a legacy binding appears in the stored settings (System.Text.Json writes no spaces).</summary>
    private const string LegacyProjectMarker = "\"project_key\":";

    private static IQueryable<ConnectorInstallation> Ordered(ConnectorsDbContext db, IQueryable<ConnectorInstallation> accounts, AccountTableQuery query)
    {
        // The newest run's outcome ranked worst first (a correlated subquery over the (InstallationId, QueuedAt) index); never run last.
        System.Linq.Expressions.Expression<Func<ConnectorInstallation, int>> outcomeRank = i => db.SyncRuns
            .Where(r => r.InstallationId == i.Id).OrderByDescending(r => r.QueuedAt)
            .Select(r => (int?)(r.Status == Sync.SyncRunStatus.Failed ? 0 : r.Status == Sync.SyncRunStatus.PartiallySucceeded || r.Status == Sync.SyncRunStatus.Held ? 1
                : r.Status == Sync.SyncRunStatus.Cancelled ? 2 : r.Status == Sync.SyncRunStatus.Running ? 3
                : r.Status == Sync.SyncRunStatus.Queued ? 4 : 5))
            .FirstOrDefault() ?? 6;
        var ordered = (query.Sort, query.Descending) switch
        {
            (AccountSort.Status, false) => accounts.OrderBy(i => i.Status == InstallationStatus.Error ? 0
                : i.Status == InstallationStatus.NeedsReconnect ? 1 : i.Status == InstallationStatus.Pending ? 2 : i.Status == InstallationStatus.Active ? 3 : 4),
            (AccountSort.Status, true) => accounts.OrderByDescending(i => i.Status == InstallationStatus.Error ? 0
                : i.Status == InstallationStatus.NeedsReconnect ? 1 : i.Status == InstallationStatus.Pending ? 2 : i.Status == InstallationStatus.Active ? 3 : 4),
            // Never synced first when ascending (nulls sort first on both providers), last when descending.
            (AccountSort.LastSync, false) => accounts.OrderBy(i => i.LastSyncAt),
            (AccountSort.LastSync, true) => accounts.OrderByDescending(i => i.LastSyncAt),
            // Unscheduled (paused, error) last when ascending: soonest first is what "next sync" is read for.
            (AccountSort.NextSync, false) => accounts.OrderBy(i => i.NextSyncAt == null).ThenBy(i => i.NextSyncAt),
            (AccountSort.NextSync, true) => accounts.OrderBy(i => i.NextSyncAt == null).ThenByDescending(i => i.NextSyncAt),
            (AccountSort.LastOutcome, false) => accounts.OrderBy(outcomeRank),
            (AccountSort.LastOutcome, true) => accounts.OrderByDescending(outcomeRank),
            (_, false) => accounts.OrderBy(i => i.NormalizedLabel),
            (_, true) => accounts.OrderByDescending(i => i.NormalizedLabel),
        };
        return ordered.ThenBy(i => i.NormalizedLabel).ThenBy(i => i.Id);
    }
}
