using System.Text.Json.Nodes;
using Connectors.Domain.Connectors;
using Connectors.Domain.Connectors.Forms;
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
        var rows = await AccountRowsQuery(db, tenantId).ToListAsync(ct);
        var defaultProject = await store.TenantDefaultProjectAsync(db, tenantId, ct);
        var lastRuns = await LastRunsAsync(db, tenantId, rows.Count, ct);
        return Shape(registry.All, options.Value, rows, defaultProject, lastRuns);
    }

    /// <summary>
    /// The summary built from the rows read: one pass puts every account in its connector's bucket (counted
    /// first, so every list has its final size), each bucket is sorted by label with the current culture's
    /// case-insensitive order (ties keep the order read, as a stable sort would), and every account becomes one
    /// <see cref="AccountSummary"/> — no re-grouping of the whole list per connector, no intermediate entities.
    /// </summary>
    internal static IReadOnlyList<ConnectorSummary> Shape(
        IReadOnlyList<IConnector> connectors, ConnectorsOptions settings, List<AccountRow> rows, string? defaultProject,
        Dictionary<Guid, LastRunSummary> lastRuns)
    {
        var bucketOf = new Dictionary<string, int>(connectors.Count, StringComparer.Ordinal);
        foreach (var connector in connectors)
        {
            bucketOf.TryAdd(connector.Key, bucketOf.Count);
        }

        // Which bucket each row goes to (-1: a connector no longer registered, not listed), and the sizes.
        var sizes = new int[bucketOf.Count];
        var bucket = new int[rows.Count];
        for (var k = 0; k < rows.Count; k++)
        {
            bucket[k] = bucketOf.TryGetValue(rows[k].ConnectorKey, out var b) ? b : -1;
            if (bucket[k] >= 0)
            {
                sizes[bucket[k]]++;
            }
        }

        var members = new int[bucketOf.Count][];
        for (var b = 0; b < members.Length; b++)
        {
            members[b] = new int[sizes[b]];
            sizes[b] = 0;
        }

        for (var k = 0; k < rows.Count; k++)
        {
            if (bucket[k] is var b and >= 0)
            {
                members[b][sizes[b]++] = k;
            }
        }

        var comparer = StringComparer.CurrentCultureIgnoreCase;
        var accounts = new AccountSummary[members.Length][];
        for (var b = 0; b < members.Length; b++)
        {
            var indexes = members[b];
            Array.Sort(indexes, (x, y) => comparer.Compare(rows[x].Label, rows[y].Label) is var c and not 0 ? c : x.CompareTo(y));
            var list = new AccountSummary[indexes.Length];
            if (indexes.Length > 0)
            {
                var inherited = SyncSchedule.CadenceMinutes(null, rows[indexes[0]].ConnectorKey, settings);
                for (var j = 0; j < indexes.Length; j++)
                {
                    var row = rows[indexes[j]];
                    list[j] = ToSummary(row, defaultProject, lastRuns.GetValueOrDefault(row.Id), inherited);
                }
            }

            accounts[b] = list;
        }

        var summary = new ConnectorSummary[connectors.Count];
        for (var c = 0; c < connectors.Count; c++)
        {
            summary[c] = Summarize(connectors[c], accounts[bucketOf[connectors[c].Key]]);
        }

        return summary;
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

    /// <summary>The same as <see cref="ToSummary(ConnectorInstallation, string?, LastRunSummary?)"/> from the
    /// summary's projection (the columns it shows, not the whole entity).</summary>
    private static AccountSummary ToSummary(AccountRow i, string? tenantDefault, LastRunSummary? lastRun, int inheritedCadence)
    {
        var config = JsonNode.Parse(i.ConfigJson) as JsonObject ?? [];
        return new AccountSummary(
            i.Id, i.ConnectorKey, i.Label, i.ProjectKey,
            ProjectKeyResolver.Resolve(i.ProjectKey, config, tenantDefault),
            i.Status, AccountError.FromJson(i.ErrorJson), i.CadenceMinutes,
            i.LastSyncAt, i.LastSuccessAt, i.NextSyncAt, i.TestStatus, i.LastTestedAt, lastRun, config)
        {
            CreatedAt = i.CreatedAt,
            InheritedCadenceMinutes = inheritedCadence,
        };
    }

    /// <summary>The tenant's accounts with only the columns the summary shows (not the concurrency stamp,
    /// audit fields, normalized label or failure count), on its own so the profile can time it.</summary>
    internal static IQueryable<AccountRow> AccountRowsQuery(ConnectorsDbContext db, Guid tenantId) =>
        db.Installations.AsNoTracking().Where(i => i.TenantId == tenantId)
            .Select(i => new AccountRow(i.Id, i.ConnectorKey, i.Label, i.ProjectKey, i.Status, i.ConfigJson, i.ErrorJson,
                i.CadenceMinutes, i.LastSyncAt, i.LastSuccessAt, i.NextSyncAt, i.TestStatus, i.LastTestedAt, i.CreatedAt));

    internal sealed record AccountRow(
        Guid Id, string ConnectorKey, string Label, string? ProjectKey, InstallationStatus Status, string ConfigJson, string? ErrorJson,
        int? CadenceMinutes, DateTime? LastSyncAt, DateTime? LastSuccessAt, DateTime? NextSyncAt,
        ConnectionTestStatus TestStatus, DateTime? LastTestedAt, DateTime CreatedAt);

    /// <summary>
    /// The newest run of every account of the tenant, in one query whatever the number of accounts. It starts
    /// from the tenant's accounts and finds each one's newest run through the (InstallationId, QueuedAt) index —
    /// one probe for the latest QueuedAt, one for the row — so its cost follows the tenant's accounts, not the
    /// run history of every tenant (which grows by one run per account and sync). Two runs of one account queued
    /// at the same instant both match; one of them is kept, as before.
    /// </summary>
    internal static async Task<Dictionary<Guid, LastRunSummary>> LastRunsAsync(ConnectorsDbContext db, Guid tenantId, int accounts, CancellationToken ct)
    {
        // Streamed into a dictionary sized for one run per account: no list of rows, no grouping.
        var newest = new Dictionary<Guid, LastRunSummary>(accounts);
        await foreach (var row in LastRunsQuery(db, tenantId).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (!newest.TryGetValue(row.InstallationId, out var kept) || row.Summary.QueuedAt > kept.QueuedAt)
            {
                newest[row.InstallationId] = row.Summary;
            }
        }

        return newest;
    }

    /// <summary>The query of <see cref="LastRunsAsync"/>, on its own so its SQL can be checked for both providers.</summary>
    internal static IQueryable<LastRunRow> LastRunsQuery(ConnectorsDbContext db, Guid tenantId) =>
        from i in db.Installations.AsNoTracking()
        where i.TenantId == tenantId
        join r in db.SyncRuns.AsNoTracking() on i.Id equals r.InstallationId
        where r.QueuedAt == db.SyncRuns.Where(x => x.InstallationId == i.Id).Max(x => x.QueuedAt)
        select new LastRunRow(r.InstallationId, new LastRunSummary(r.Id, r.Status, r.QueuedAt, r.FinishedAt, r.Added, r.Updated, r.ErrorMessage));

    internal readonly record struct LastRunRow(Guid InstallationId, LastRunSummary Summary);
}
