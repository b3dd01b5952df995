using System.Collections.Concurrent;
using Connectors.Domain.Auditing;
using Connectors.Domain.Connectors;
using Connectors.Domain.Data;
using Connectors.Domain.Events;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connectors.Domain.Checks;

/// <summary>
/// Connection checks: the connector's health probe run on a cadence for every Active account (never while it
/// syncs, never when paused), and on demand ("Test connection", <c>POST …/check</c>). The sweep reads due
/// accounts across tenants in batches and claims a batch with one conditional update, so of several nodes
/// exactly one checks each due account; results of passing checks are written per batch, failures one by one
/// with their events (the outbox the notifications read).
/// </summary>
public sealed partial class ConnectionChecks(
    IDbContextFactory<ConnectorsDbContext> factory,
    TenantContext tenant,
    ActorContext actor,
    AccountStore store,
    ConnectorRegistry registry,
    AuditLog audit,
    IOptions<ConnectorsOptions> options,
    TimeProvider clock,
    SyncJitter jitter,
    ILogger<ConnectionChecks> logger)
{
    public const int BatchSize = 100;

    /// <summary>How long a claimed check is held: a node that stopped mid-batch leaves its checks due again after it.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Checks one account now (any status) and records the result like a scheduled check: refused
    /// credentials move an Active account to NeedsReconnect. Audited.</summary>
    public async Task<HealthStatus> CheckNowAsync(Guid id, CancellationToken ct)
    {
        actor.EnsureCanManage();
        await using var db = store.Open();
        var installation = await store.LoadAsync(db, id, ct);
        var health = await ProbeAsync(installation, await store.DescribeAsync(db, installation, ct), ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var outcome = CheckSchedule.Decide(installation.Status, installation.CheckFailures, health);
        Apply(installation, outcome, now);
        installation.NextCheckAt = CheckSchedule.Next(now, Cadence(installation), jitter.Sample());
        if (outcome.EventKind is { } kind)
        {
            await AccountEvents.RaiseAsync(db, installation, kind, outcome.Category, EventMessage(kind, health), now, ct);
        }

        audit.Record(db, "account.tested", "account", id.ToString(), $"Tested '{installation.Label}': {health.State}.");
        await store.SaveAsync(db, installation.Label, ct);
        return health;
    }

    /// <summary>Runs every due check, batch by batch; returns how many accounts were checked here.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var checkedHere = 0;
        while (!ct.IsCancellationRequested)
        {
            var (claimed, dueCount) = await SweepBatchAsync(ct);
            checkedHere += claimed;
            if (claimed == 0 || dueCount < BatchSize)
            {
                break;
            }
        }

        return checkedHere;
    }

    private sealed record Claimed(ConnectorInstallation Installation, string? TenantDefault, string? CredentialConnection);

    private async Task<(int Claimed, int Due)> SweepBatchAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var token = Guid.NewGuid();
        List<Claimed> claimed;
        int due;
        await using (var db = factory.CreateDbContext())
        using (tenant.BeginCrossTenantScan())
        {
            var ids = await db.Installations.AsNoTracking()
                .Where(i => i.Status == InstallationStatus.Active && (i.NextCheckAt == null || i.NextCheckAt <= now))
                .Where(i => !db.SyncRuns.Any(r => r.InstallationId == i.Id && (r.Status == SyncRunStatus.Queued || r.Status == SyncRunStatus.Running)))
                .OrderBy(i => i.NextCheckAt)
                .Select(i => i.Id)
                .Take(BatchSize).ToListAsync(ct);
            due = ids.Count;
            if (due == 0)
            {
                return (0, 0);
            }

            // The claim: one conditional update; what another node claimed first no longer matches.
            var leaseUntil = now + Lease;
            await db.Installations
                .Where(i => ids.Contains(i.Id) && i.Status == InstallationStatus.Active && (i.NextCheckAt == null || i.NextCheckAt <= now))
                .ExecuteUpdateAsync(u => u.SetProperty(i => i.CheckClaim, token).SetProperty(i => i.NextCheckAt, leaseUntil), ct);
            claimed = [.. (await db.Installations.AsNoTracking()
                .Where(i => i.CheckClaim == token)
                .Select(i => new
                {
                    Installation = i,
                    TenantDefault = db.Tenants.Where(t => t.Id == i.TenantId).Select(t => t.DefaultProjectKey).FirstOrDefault(),
                    Credential = db.TenantCredentials.Where(c => c.Id == i.CredentialId).Select(c => c.ConnectionJson).FirstOrDefault(),
                })
                .ToListAsync(ct)).Select(c => new Claimed(c.Installation, c.TenantDefault, c.Credential))];
        }

        foreach (var group in claimed.GroupBy(c => c.Installation.TenantId))
        {
            using var _ = tenant.Enter(group.Key);
            var results = new ConcurrentDictionary<Guid, HealthStatus>();
            await Parallel.ForEachAsync(group,
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.Checks.Parallelism), CancellationToken = ct },
                async (c, token) => results[c.Installation.Id] = await ProbeAsync(c.Installation, AccountStore.Describe(c.Installation, c.TenantDefault, credentialConnection: c.CredentialConnection), token));
            await RecordSweepAsync(token, [.. group.Select(c => (c.Installation, results[c.Installation.Id]))], ct);
        }

        if (claimed.Count > 0)
        {
            LogSwept(claimed.Count);
        }

        return (claimed.Count, due);
    }

    /// <summary>Passing checks of a batch are written together (one update per cadence); failures one by one,
    /// each with its status change and event in one transaction. Written only while the claim holds.</summary>
    private async Task RecordSweepAsync(Guid token, IReadOnlyList<(ConnectorInstallation Installation, HealthStatus Health)> results, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = factory.CreateDbContext();
        var passed = results.Where(r => r.Health.State != HealthState.Unhealthy && r.Installation.CheckFailures == 0).ToList();
        foreach (var byCadence in passed.GroupBy(r => Cadence(r.Installation)))
        {
            var ids = byCadence.Select(r => r.Installation.Id).ToList();
            var next = CheckSchedule.Next(now, byCadence.Key, jitter.Sample());
            await db.Installations.Where(i => ids.Contains(i.Id) && i.CheckClaim == token)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(i => i.TestStatus, ConnectionTestStatus.Passed)
                    .SetProperty(i => i.LastTestedAt, now)
                    .SetProperty(i => i.CheckFailures, 0)
                    .SetProperty(i => i.CheckMessage, (string?)null)
                    .SetProperty(i => i.CheckCategory, (string?)null)
                    .SetProperty(i => i.NextCheckAt, next)
                    .SetProperty(i => i.CheckClaim, (Guid?)null), ct);
        }

        foreach (var (installation, health) in results.Except(passed))
        {
            await RecordOneAsync(db, token, installation, health, now, ct);
        }
    }

    private async Task RecordOneAsync(
        ConnectorsDbContext db, Guid token, ConnectorInstallation installation, HealthStatus health, DateTime now, CancellationToken ct)
    {
        var outcome = CheckSchedule.Decide(installation.Status, installation.CheckFailures, health);
        var next = CheckSchedule.Next(now, Cadence(installation), jitter.Sample());
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var written = await db.Installations.Where(i => i.Id == installation.Id && i.CheckClaim == token)
            .ExecuteUpdateAsync(u => u
                .SetProperty(i => i.TestStatus, outcome.TestStatus)
                .SetProperty(i => i.LastTestedAt, now)
                .SetProperty(i => i.CheckFailures, outcome.CheckFailures)
                .SetProperty(i => i.CheckMessage, outcome.Message)
                .SetProperty(i => i.CheckCategory, outcome.Category)
                .SetProperty(i => i.NextCheckAt, next)
                .SetProperty(i => i.CheckClaim, (Guid?)null), ct);
        if (written == 0)
        {
            return; // Deleted, or its claim expired and another node took it.
        }

        var kind = outcome.EventKind;
        if (outcome.NeedsReconnect)
        {
            var error = new AccountError(NeedsReconnectMessage(health), "auth", now).ToJson();
            var moved = await db.Installations.Where(i => i.Id == installation.Id && i.Status == InstallationStatus.Active)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(i => i.Status, InstallationStatus.NeedsReconnect)
                    .SetProperty(i => i.NextSyncAt, (DateTime?)null)
                    .SetProperty(i => i.ErrorJson, error)
                    .SetProperty(i => i.ConcurrencyStamp, Guid.NewGuid()), ct);
            if (moved == 0)
            {
                kind = null; // Paused or changed meanwhile: the admin's choice stands.
            }
            else
            {
                LogNeedsReconnect(installation.Id);
            }
        }

        if (kind is not null)
        {
            await AccountEvents.RaiseAsync(db, installation, kind, outcome.Category, EventMessage(kind, health), now, ct);
            await db.SaveChangesAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }

    private static void Apply(ConnectorInstallation installation, CheckOutcome outcome, DateTime now)
    {
        installation.TestStatus = outcome.TestStatus;
        installation.LastTestedAt = now;
        installation.CheckFailures = outcome.CheckFailures;
        installation.CheckMessage = outcome.Message;
        installation.CheckCategory = outcome.Category;
        installation.CheckClaim = null;
        if (outcome.NeedsReconnect)
        {
            installation.Status = InstallationStatus.NeedsReconnect;
            installation.NextSyncAt = null;
            installation.ErrorJson = new AccountError(outcome.Message ?? "The credentials were refused.", "auth", now).ToJson();
        }
    }

    private static string NeedsReconnectMessage(HealthStatus health) => health.Message;

    private static string EventMessage(string kind, HealthStatus health) => kind switch
    {
        AccountEventKinds.NeedsReconnect => $"The connection check was refused: {health.Message} Reconnect the account to resume syncing.",
        AccountEventKinds.CheckFailed => $"The connection check failed {CheckSchedule.FailuresBeforeAlert} times in a row: {health.Message}",
        AccountEventKinds.CheckRecovered => "The connection check passes again.",
        _ => health.Message,
    };

    private int Cadence(ConnectorInstallation installation) =>
        CheckSchedule.CadenceMinutes(installation.CheckMinutes, installation.ConnectorKey, options.Value);

    /// <summary>The connector's probe, bounded in time; a probe that throws reports instead.</summary>
    private async Task<HealthStatus> ProbeAsync(ConnectorInstallation installation, ConnectorAccount account, CancellationToken ct)
    {
        if (registry.Find(installation.ConnectorKey) is not { } connector)
        {
            return HealthStatus.Unhealthy($"Connector '{installation.ConnectorKey}' is not registered on this server.", HealthFailure.Configuration);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            return await connector.HealthAsync(account, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return HealthStatus.Unhealthy($"The connection check did not finish within {ProbeTimeout.TotalSeconds:0} s.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogProbeThrew(e, installation.Id);
            return HealthStatus.Unhealthy("The connection check failed unexpectedly; the server log has the details.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connection checks: {Count} account(s) checked in this batch.")]
    private partial void LogSwept(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection check of account {AccountId} was refused: the account needs reconnecting.")]
    private partial void LogNeedsReconnect(Guid accountId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health check of account {AccountId} threw instead of reporting.")]
    private partial void LogProbeThrew(Exception e, Guid accountId);
}
