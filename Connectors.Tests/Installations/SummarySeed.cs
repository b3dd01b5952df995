using Connectors.Domain.Connectors;
using Connectors.Domain.Data;
using Connectors.Domain.Installations;
using Connectors.Domain.Projects;
using Connectors.Domain.Sync;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Installations;

/// <summary>One seeded account and what the read summary must say about it.</summary>
/// <param name="ResolvedProjectKey">Explicit binding, else the legacy <c>config.project_key</c>, else the tenant default.</param>
/// <param name="LastRunId">The newest of its runs; null for an account that never ran.</param>
public sealed record SeededAccount(
    Guid Id, string ConnectorKey, string Label, string? ProjectKey, string ResolvedProjectKey, InstallationStatus Status,
    bool HasError, int? CadenceMinutes, Guid? LastRunId, SyncRunStatus? LastRunStatus);

/// <summary>What <see cref="SummarySeed.SeedAsync(IServiceProvider, Guid, int, CancellationToken, string)"/> inserted.</summary>
public sealed record SummarySeedResult(Guid TenantId, IReadOnlyList<SeededAccount> Accounts, int Runs, TimeSpan Elapsed);

/// <summary>
/// Fills a tenant with <c>count</c> accounts spread round robin over every registered connector, so each part
/// of the read summary has work: 0–4 runs per account (the newest Succeeded, Failed with a message, or Running),
/// Error and NeedsReconnect accounts with a stored error, Paused ones, own and inherited cadences, and projects
/// bound explicitly, through the legacy <c>config.project_key</c> or inherited from the tenant default.
/// Rows go in through one prepared INSERT per table (<see cref="PreparedInsert"/>), so 10,000 accounts take
/// about a second. It takes the root service provider, so it works on the test bed's database
/// (<c>ConnectorsTestBed.Database</c>) and on the real app's (<c>ConnectorsAppFactory.Services</c>) alike.
/// Labels are <c>{labelPrefix} 000001</c>…: seed one tenant twice with different prefixes. Any tenant of the
/// database can be seeded; accounts of other tenants are what the summary must not pay for.
/// </summary>
/// <remarks>The browser benchmarks (Connectors.E2E) compile this file too; the test bed's overload lives beside it in
/// <c>SummarySeed.TestBed.cs</c>.</remarks>
public static partial class SummarySeed
{
    /// <param name="history">Older finished runs added before the 1–4 recent ones of every account that ran
    /// (96 is one day at the default 15-minute cadence): the run history a long-lived deployment keeps.</param>
    public static async Task<SummarySeedResult> SeedAsync(
        IServiceProvider services, Guid tenantId, int count, CancellationToken ct, string labelPrefix = "Seed", int history = 0)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantId);
        var connectors = scope.ServiceProvider.GetRequiredService<ConnectorRegistry>().All.Select(c => c.Key).ToList();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        var tenantDefault = await db.Tenants.Where(t => t.Id == tenantId).Select(t => t.DefaultProjectKey).SingleAsync(ct);
        var projects = await db.Projects.Select(p => p.Key).ToListAsync(ct);
        var bound = projects.LastOrDefault() ?? ProjectKey.Default;

        var accounts = new List<ConnectorInstallation>(count);
        var runs = new List<SyncRun>(count * (3 + history));
        var seeded = new List<SeededAccount>(count);
        for (var n = 0; n < count; n++)
        {
            var account = Account(n, tenantId, connectors[n % connectors.Count], bound, now);
            account.Rename($"{labelPrefix} {n:D6}");
            var accountRuns = Runs(n, account, now, history);
            accounts.Add(account);
            runs.AddRange(accountRuns);
            var last = accountRuns.Count == 0 ? null : accountRuns[^1];
            seeded.Add(new SeededAccount(
                account.Id, account.ConnectorKey, account.Label, account.ProjectKey,
                ProjectKeyResolver.Resolve(account.ProjectKey, AccountStore.Config(account), tenantDefault),
                account.Status, account.ErrorJson is not null, account.CadenceMinutes, last?.Id, last?.Status));
        }

        await PreparedInsert.InsertAsync(db, accounts, ct);
        await PreparedInsert.InsertAsync(db, runs, ct);
        return new SummarySeedResult(tenantId, seeded, runs.Count, clock.Elapsed);
    }

    private static ConnectorInstallation Account(int n, Guid tenantId, string connectorKey, string boundProject, DateTime now)
    {
        var (status, error) = (n % 8) switch
        {
            3 => (InstallationStatus.Error, new AccountError("Five syncs in a row failed: the server closed the connection.", "sync", now.AddHours(-2))),
            5 => (InstallationStatus.NeedsReconnect, new AccountError("The provider refused the stored sign-in.", "auth", now.AddHours(-1))),
            7 => (InstallationStatus.Paused, null),
            _ => (InstallationStatus.Active, null),
        };
        var legacyProject = n % 7 == 1 ? $",\"project_key\":\"legacy-{n % 3}\"" : "";
        return new ConnectorInstallation
        {
            TenantId = tenantId,
            ConnectorKey = connectorKey,
            ProjectKey = n % 3 == 0 ? boundProject : null,
            Status = status,
            ErrorJson = error?.ToJson(),
            ConfigJson = $"{{\"host\":\"mail{n % 5}.seed.test\",\"username\":\"box{n:D6}@seed.test\"{legacyProject}}}",
            CadenceMinutes = n % 4 == 0 ? 30 : null,
            TestStatus = n % 8 == 5 ? ConnectionTestStatus.Failed : ConnectionTestStatus.Passed,
            LastTestedAt = now.AddDays(-3),
            LastSyncAt = n % 10 == 0 ? null : now.AddMinutes(-20),
            LastSuccessAt = n % 10 == 0 ? null : now.AddMinutes(-40),
            NextSyncAt = status == InstallationStatus.Active ? now.AddMinutes((n % 15) + 1) : null,
            ConsecutiveFailures = status == InstallationStatus.Error ? SyncSchedule.ErrorAfterConsecutiveFailures : 0,
            CreatedAt = now.AddDays(-30),
            CreatedBy = "seed",
            UpdatedAt = now.AddMinutes(-20),
            UpdatedBy = "seed",
        };
    }

    /// <summary>0 runs for every 10th account, else 1–4 (plus <paramref name="history"/> older ones), oldest first; the newest is Running (every 15th),
    /// Failed with a message (every 6th) or Succeeded. Older runs alternate Succeeded and Failed.</summary>
    private static List<SyncRun> Runs(int n, ConnectorInstallation account, DateTime now, int history)
    {
        var count = n % 10 == 0 ? 0 : 1 + (n % 4) + history;
        var runs = new List<SyncRun>(count);
        for (var k = count - 1; k >= 0; k--)
        {
            var queued = now.AddMinutes(-(k * 15) - 5 - (n % 3));
            var status = k > 0
                ? (k % 2 == 0 ? SyncRunStatus.Succeeded : SyncRunStatus.Failed)
                : n % 15 == 2 ? SyncRunStatus.Running : n % 6 == 1 ? SyncRunStatus.Failed : SyncRunStatus.Succeeded;
            var finished = status == SyncRunStatus.Running ? (DateTime?)null : queued.AddMinutes(1);
            runs.Add(new SyncRun
            {
                TenantId = account.TenantId, InstallationId = account.Id, Trigger = k == count - 1 ? SyncTrigger.Install : SyncTrigger.Schedule,
                Kind = k == count - 1 ? SyncKind.Full : SyncKind.Incremental, Status = status, QueuedAt = queued,
                StartedAt = queued, HeartbeatAt = finished ?? now, FinishedAt = finished, Seen = 40, Added = n % 5, Updated = k,
                ErrorCategory = status == SyncRunStatus.Failed ? SyncErrorCategory.Transient : null,
                ErrorMessage = status == SyncRunStatus.Failed ? "The server closed the connection." : null,
            });
        }

        return runs;
    }
}
