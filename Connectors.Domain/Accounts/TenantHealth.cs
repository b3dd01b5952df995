using System.Linq.Expressions;
using Connectors.Domain.Checks;
using Connectors.Domain.Data;
using Connectors.Domain.Installations;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Connectors.Domain.Accounts;

/// <summary>Why an account needs attention, worst first.</summary>
public enum AttentionReason
{
    /// <summary>Stopped after repeated failures: no longer scheduled.</summary>
    Error,
    /// <summary>The service refused the stored credentials.</summary>
    NeedsReconnect,
    /// <summary>Active, but its latest syncs failed and it is retrying.</summary>
    Failing,
    /// <summary>A sync's removals were held by the deletion brake and wait for a decision.</summary>
    Held,
    /// <summary>Active, but no success for more than twice its cadence (<see cref="AccountStaleness"/>).</summary>
    Stale,
    /// <summary>Connecting was started and not finished.</summary>
    Pending,
}

/// <summary>The one action that fixes an account needing attention.</summary>
public enum AttentionFix { Resume, Reconnect, RetrySync, Continue, Review }

/// <summary>An account that needs attention: the account, why (in full, in the product's words) and its fix.</summary>
public sealed record AttentionItem(AccountTableRow Row, AttentionReason Reason, string Why, AttentionFix Fix);

/// <summary>The tenant's health: accounts by status, how many are stale and failing, how many need attention,
/// and the first <see cref="TenantHealth.ListLimit"/> of those, worst first.</summary>
public sealed record TenantHealthReport(
    IReadOnlyDictionary<InstallationStatus, int> ByStatus, int Stale, int Failing, int AttentionCount, IReadOnlyList<AttentionItem> Attention)
{
    public int Total => ByStatus.Values.Sum();
}

/// <summary>
/// What needs attention in the tenant — the admin home's overview and the navigation's badge. An account needs
/// attention when it is in Error, Needs reconnect or Pending, when a sync's removals wait for a decision (held by the
/// deletion brake), or when it is Active and failing (retrying after a failed sync) or stale. Counts and the list run in the database: the report costs the same SQL commands for ten
/// accounts or ten thousand, and the badge one command.
/// </summary>
public sealed class TenantHealth(
    AccountStore store,
    AccountTable table,
    TenantContext tenant,
    ActorContext actor,
    IOptions<ConnectorsOptions> options,
    TimeProvider clock)
{
    /// <summary>How many attention items the report lists; the accounts table shows the rest.</summary>
    public const int ListLimit = 25;

    public async Task<TenantHealthReport> ReportAsync(CancellationToken ct)
    {
        actor.EnsureCanView();
        var tenantId = tenant.RequireTenantId();
        var now = clock.GetUtcNow().UtcDateTime;
        var stale = AccountStaleness.Predicate(options.Value, now);
        await using var db = store.Open();
        var accounts = db.Installations.AsNoTracking().Where(i => i.TenantId == tenantId);
        var byStatus = await accounts.GroupBy(i => i.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var staleCount = await accounts.Where(stale).CountAsync(ct);
        var failingCount = await accounts.Where(i => i.Status == InstallationStatus.Active
            && (i.ConsecutiveFailures > 0 || i.CheckFailures >= CheckSchedule.FailuresBeforeAlert)).CountAsync(ct);
        var needing = accounts.Where(NeedsAttention(db, stale));
        var attentionCount = await needing.CountAsync(ct);
        var firsts = await needing
            .OrderBy(i => i.Status == InstallationStatus.Error ? 0 : i.Status == InstallationStatus.NeedsReconnect ? 1
                : i.Status == InstallationStatus.Active && (i.ConsecutiveFailures > 0 || i.CheckFailures >= CheckSchedule.FailuresBeforeAlert) ? 2
                : db.HeldRemovals.Any(h => h.InstallationId == i.Id) ? 3
                : i.Status == InstallationStatus.Active ? 4 : 5)
            .ThenBy(i => i.NormalizedLabel).ThenBy(i => i.Id)
            .Take(ListLimit)
            .Select(i => new { Row = new AccountQueries.AccountRow(i.Id, i.ConnectorKey, i.Label, i.ProjectKey, i.Status, i.ConfigJson, i.ErrorJson,
                i.CadenceMinutes, i.LastSyncAt, i.LastSuccessAt, i.NextSyncAt, i.TestStatus, i.LastTestedAt, i.CreatedAt, i.CredentialId,
                db.TenantCredentials.Where(c => c.Id == i.CredentialId).Select(c => c.Name).FirstOrDefault(),
                db.Credentials.Any(c => c.InstallationId == i.Id)), i.ConsecutiveFailures,
                i.CheckFailures, i.CheckMessage, Held = db.HeldRemovals.Count(h => h.InstallationId == i.Id) })
            .ToListAsync(ct);
        var defaultProject = await store.TenantDefaultProjectAsync(db, tenantId, ct);
        var rows = await table.RowsAsync(db, [.. firsts.Select(f => f.Row)], defaultProject, now, ct);
        var items = rows.Zip(firsts, (row, first) => Item(row, first.ConsecutiveFailures, first.CheckFailures, first.CheckMessage, first.Held)).ToList();
        return new TenantHealthReport(
            Enum.GetValues<InstallationStatus>().ToDictionary(s => s, s => byStatus.GetValueOrDefault(s)),
            staleCount, failingCount, attentionCount, items);
    }

    /// <summary>How many accounts need attention (the navigation badge): one command.</summary>
    public async Task<int> AttentionCountAsync(CancellationToken ct)
    {
        actor.EnsureCanView();
        var tenantId = tenant.RequireTenantId();
        await using var db = store.Open();
        return await db.Installations.AsNoTracking().Where(i => i.TenantId == tenantId)
            .Where(NeedsAttention(db, AccountStaleness.Predicate(options.Value, clock.GetUtcNow().UtcDateTime))).CountAsync(ct);
    }

    private static AttentionItem Item(AccountTableRow row, int consecutiveFailures, int checkFailures, string? checkMessage, int held)
    {
        var account = row.Account;
        var stored = account.Error?.Message;
        return account.Status switch
        {
            InstallationStatus.Error => new(row, AttentionReason.Error,
                stored ?? "Stopped after repeated failed syncs; it is not scheduled until resumed.", AttentionFix.Resume),
            InstallationStatus.NeedsReconnect => new(row, AttentionReason.NeedsReconnect,
                stored ?? "The service no longer accepts the stored credentials.", AttentionFix.Reconnect),
            InstallationStatus.Pending => new(row, AttentionReason.Pending,
                stored ?? "Connecting was started but not finished.", AttentionFix.Continue),
            _ when consecutiveFailures > 0 => new(row, AttentionReason.Failing,
                $"{(consecutiveFailures == 1 ? "The last sync" : $"The last {consecutiveFailures} syncs")} failed"
                + (account.LastRun?.ErrorMessage is { Length: > 0 } message ? $": {message}" : ".")
                + " It retries on its own and stops after five failures in a row.", AttentionFix.RetrySync),
            _ when checkFailures >= CheckSchedule.FailuresBeforeAlert => new(row, AttentionReason.Failing,
                $"The connection check failed {checkFailures} times in a row" + (checkMessage is { Length: > 0 } ? $": {checkMessage}" : ".")
                + " Syncs may fail the same way.", AttentionFix.RetrySync),
            _ when held > 0 => new(row, AttentionReason.Held,
                $"A sync found {held:N0} document(s) gone at once — more than the deletion brake lets through — and removed none. "
                + "Apply the removals or keep the documents on the account page.", AttentionFix.Review),
            _ => new(row, AttentionReason.Stale,
                (account.LastSuccessAt is { } success ? $"No successful sync since {success:yyyy-MM-dd HH:mm} UTC" : "Never synced successfully")
                + $", though it should sync every {Cadence(account.EffectiveCadenceMinutes)}.", AttentionFix.RetrySync),
        };
    }

    private static string Cadence(int minutes) => minutes switch
    {
        < 60 => $"{minutes} minutes",
        60 => "hour",
        _ when minutes % 1440 == 0 => minutes == 1440 ? "day" : $"{minutes / 1440} days",
        _ when minutes % 60 == 0 => $"{minutes / 60} hours",
        _ => $"{minutes} minutes",
    };

    /// <summary>Error, Needs reconnect, Pending; removals held; or Active and failing or stale.</summary>
    private static Expression<Func<ConnectorInstallation, bool>> NeedsAttention(ConnectorsDbContext db, Expression<Func<ConnectorInstallation, bool>> stale)
    {
        Expression<Func<ConnectorInstallation, bool>> others = i => i.Status == InstallationStatus.Error
            || i.Status == InstallationStatus.NeedsReconnect || i.Status == InstallationStatus.Pending
            || (i.Status == InstallationStatus.Active && (i.ConsecutiveFailures > 0 || i.CheckFailures >= CheckSchedule.FailuresBeforeAlert))
            || db.HeldRemovals.Any(h => h.InstallationId == i.Id);
        var parameter = others.Parameters[0];
        var staleBody = new Rebind(stale.Parameters[0], parameter).Visit(stale.Body);
        return Expression.Lambda<Func<ConnectorInstallation, bool>>(Expression.OrElse(others.Body, staleBody), parameter);
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
