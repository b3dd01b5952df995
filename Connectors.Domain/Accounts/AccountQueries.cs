using Connectors.Domain.Connectors;
using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.Data;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Connectors.Domain.Accounts;

/// <summary>
/// What the connectors page and the API read: every registered connector with the current tenant's accounts,
/// or one account, each with its newest run. Needs the view right; another tenant's account reads as not found.
/// </summary>
public sealed class AccountQueries(
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
        // The explicit tenant condition repeats the query filter on purpose: the filter's
        // "cross-tenant scan OR TenantId = @t" cannot use an index, this can (the unique
        // (TenantId, ConnectorKey, NormalizedLabel) index), so the read costs the tenant's rows, not every tenant's.
        var installations = await db.Installations.AsNoTracking().Where(i => i.TenantId == tenantId).ToListAsync(ct);
        var defaultProject = await store.TenantDefaultProjectAsync(db, tenantId, ct);
        var lastRuns = await LastRunsAsync(db, tenantId, ct);
        return [.. registry.All.Select(connector => Summarize(connector,
            installations.Where(i => i.ConnectorKey == connector.Key)
                .OrderBy(i => i.Label, StringComparer.CurrentCultureIgnoreCase)
                .Select(i => ToSummary(i, defaultProject, lastRuns.GetValueOrDefault(i.Id)))
                .ToList()))];
    }

    public async Task<AccountSummary> GetAccountAsync(Guid id, CancellationToken ct)
    {
        actor.EnsureCanView();
        await using var db = store.Open();
        var installation = await store.LoadAsync(db, id, ct);
        var defaultProject = await store.TenantDefaultProjectAsync(db, installation.TenantId, ct);
        var lastRun = await db.SyncRuns.Where(r => r.InstallationId == id).OrderByDescending(r => r.QueuedAt)
            .Select(r => new LastRunSummary(r.Id, r.Status, r.QueuedAt, r.FinishedAt, r.Added, r.Updated, r.ErrorMessage))
            .FirstOrDefaultAsync(ct);
        return ToSummary(installation, defaultProject, lastRun);
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
            accounts);
    }

    private AccountSummary ToSummary(ConnectorInstallation i, string? tenantDefault, LastRunSummary? lastRun)
    {
        var config = AccountStore.Config(i);
        return new AccountSummary(
            i.Id, i.ConnectorKey, i.Label, i.ProjectKey,
            AccountStore.Describe(i, tenantDefault, config).ProjectKey,
            i.Status, AccountError.FromJson(i.ErrorJson), i.CadenceMinutes,
            i.LastSyncAt, i.LastSuccessAt, i.NextSyncAt, i.TestStatus, i.LastTestedAt, lastRun, config)
        {
            CreatedAt = i.CreatedAt,
            InheritedCadenceMinutes = SyncSchedule.CadenceMinutes(null, i.ConnectorKey, options.Value),
        };
    }

    /// <summary>
    /// The newest run of every account of the tenant, in one query whatever the number of accounts. It starts
    /// from the tenant's accounts and finds each one's newest run through the (InstallationId, QueuedAt) index —
    /// one probe for the latest QueuedAt, one for the row — so its cost follows the tenant's accounts, not the
    /// run history of every tenant (which grows by one run per account and sync). Two runs of one account queued
    /// at the same instant both match; one of them is kept, as before.
    /// </summary>
    private static async Task<Dictionary<Guid, LastRunSummary>> LastRunsAsync(ConnectorsDbContext db, Guid tenantId, CancellationToken ct)
    {
        var runs = await LastRunsQuery(db, tenantId).ToListAsync(ct);
        return runs.GroupBy(r => r.InstallationId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.Summary.QueuedAt).First().Summary);
    }

    /// <summary>The query of <see cref="LastRunsAsync"/>, on its own so its SQL can be checked for both providers.</summary>
    internal static IQueryable<LastRunRow> LastRunsQuery(ConnectorsDbContext db, Guid tenantId) =>
        from i in db.Installations.AsNoTracking()
        where i.TenantId == tenantId
        join r in db.SyncRuns.AsNoTracking() on i.Id equals r.InstallationId
        where r.QueuedAt == db.SyncRuns.Where(x => x.InstallationId == i.Id).Max(x => x.QueuedAt)
        select new LastRunRow(r.InstallationId, new LastRunSummary(r.Id, r.Status, r.QueuedAt, r.FinishedAt, r.Added, r.Updated, r.ErrorMessage));

    internal sealed record LastRunRow(Guid InstallationId, LastRunSummary Summary);
}
