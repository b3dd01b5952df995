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

/// <summary>The columns of an account row the lists read (the summary, the table, the overview).</summary>
public sealed partial class AccountQueries
{
    /// <summary>The tenant's accounts with only the columns the summary shows (not the concurrency stamp,
    /// audit fields, normalized label or failure count), on its own so the profile can time it.</summary>
    internal static IQueryable<AccountRow> AccountRowsQuery(ConnectorsDbContext db, Guid tenantId) =>
        db.Installations.AsNoTracking().Where(i => i.TenantId == tenantId).Select(AccountRowProjection(db));

    /// <summary>The columns an account's summary shows (the summary's and the accounts table's rows), with where its
    /// credentials come from: the tenant credential's name, or whether it has its own.</summary>
    internal static Expression<Func<ConnectorInstallation, AccountRow>> AccountRowProjection(ConnectorsDbContext db) =>
        i => new AccountRow(i.Id, i.ConnectorKey, i.Label, i.ProjectKey, i.Status, i.ConfigJson, i.ErrorJson,
            i.CadenceMinutes, i.LastSyncAt, i.LastSuccessAt, i.NextSyncAt, i.TestStatus, i.LastTestedAt, i.CreatedAt,
            i.CredentialId,
            db.TenantCredentials.Where(c => c.Id == i.CredentialId).Select(c => c.Name).FirstOrDefault(),
            db.Credentials.Any(c => c.InstallationId == i.Id));

    internal sealed record AccountRow(
        Guid Id, string ConnectorKey, string Label, string? ProjectKey, InstallationStatus Status, string ConfigJson, string? ErrorJson,
        int? CadenceMinutes, DateTime? LastSyncAt, DateTime? LastSuccessAt, DateTime? NextSyncAt,
        ConnectionTestStatus TestStatus, DateTime? LastTestedAt, DateTime CreatedAt,
        Guid? CredentialId = null, string? CredentialName = null, bool HasOwnCredentials = false);

    /// <summary>The further target projects of the accounts <paramref name="ids"/> (every account of the tenant when null),
    /// sorted by key: one query, whatever the number of accounts.</summary>
    internal static async Task<Dictionary<Guid, string[]>> TargetsAsync(
        ConnectorsDbContext db, IReadOnlyCollection<Guid>? ids, CancellationToken ct, Guid? tenantId = null)
    {
        if (ids is { Count: 0 })
        {
            return [];
        }

        var targets = db.AccountTargets.AsNoTracking();
        // The explicit tenant condition lets the read use the (TenantId, ProjectKey) index, as the summary's rows do.
        targets = ids is not null ? targets.Where(t => ids.Contains(t.InstallationId)) : targets.Where(t => t.TenantId == tenantId);

        return (await targets.Select(t => new { t.InstallationId, t.ProjectKey }).ToListAsync(ct))
            .GroupBy(t => t.InstallationId)
            .ToDictionary(g => g.Key, g => g.Select(t => t.ProjectKey).Order(StringComparer.Ordinal).ToArray());
    }
}
