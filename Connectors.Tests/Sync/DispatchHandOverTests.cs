using System.Text.RegularExpressions;
using Connectors.Domain.Data;
using Connectors.Domain.Sync;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Sync;

/// <summary>
/// The hand-over of queued runs to free slots (<see cref="SyncScheduler.DispatchableAsync"/>), which every run
/// that ends pays once: one query for the waiting tenants and one per waiting tenant, whatever the number of
/// queued runs, each answered from the (Status, TenantId, QueuedAt, NotBefore) index alone — no scan of the
/// run table, no sort of a tenant's queued runs, no look-up of every queued row for its retry time.
/// </summary>
public sealed class DispatchHandOverTests
{
    private const string DispatchIndex = "IX_SyncRuns_Status_TenantId_QueuedAt_NotBefore";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(30)]
    [InlineData(600)]
    public async Task DispatchableAsync_QueuedRunsInThreeTenants_OneQueryForTheTenantsAndOnePerTenantFromTheDispatchIndex(int queued)
    {
        var capture = new CommandCapture();
        await using var bed = await SchedulerTickBenchmark.CreateBedAsync(capture, productionLogging: false);
        // Every account has a finished run (history the queries must not read); the first ones get a queued
        // run each, spread over the three tenants.
        await SchedulerTickBenchmark.SeedAsync(bed, new SchedulerTickShape(Accounts: queued + 60, Due: 0, Tenants: 3, Stopped: 0, AlreadyQueued: 0), Ct);
        await using var scope = bed.Database.Services.CreateAsyncScope();
        var now = bed.Clock.GetUtcNow().UtcDateTime;
        await using (var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext())
        using (scope.ServiceProvider.GetRequiredService<TenantContext>().BeginCrossTenantScan())
        {
            var accounts = await db.Installations.AsNoTracking().OrderBy(i => i.Id).Take(queued).Select(i => new { i.Id, i.TenantId }).ToListAsync(Ct);
            accounts.Select(a => a.TenantId).Distinct().Count().ShouldBe(3);
            await PreparedInsert.InsertAsync(db, [.. accounts.Select((a, k) => new SyncRun
            {
                TenantId = a.TenantId,
                InstallationId = a.Id,
                Trigger = SyncTrigger.Schedule,
                Kind = SyncKind.Incremental,
                Status = SyncRunStatus.Queued,
                QueuedAt = now.AddMilliseconds(k),
            })], Ct);
        }

        var scheduler = scope.ServiceProvider.GetRequiredService<SyncScheduler>();

        capture.Clear();
        capture.Recording = true;
        IReadOnlyList<DispatchableRun> ready;
        try
        {
            ready = await scheduler.DispatchableAsync(4, Ct);
        }
        finally
        {
            capture.Recording = false;
        }

        var commands = capture.Commands;
        var plans = new List<IReadOnlyList<string>>();
        foreach (var command in commands)
        {
            plans.Add(await SchedulerTickBenchmark.ExplainAsync(bed, command, Ct));
        }

        var text = string.Join("\n\n", commands.Select((c, k) => c.Sql + "\n" + string.Join('\n', plans[k])));
        TestContext.Current.SendDiagnosticMessage($"{queued} queued: {commands.Count} SQL commands\n{text}");

        commands.Count.ShouldBe(1 + 3, text);
        ready.Count.ShouldBe(4);
        ready.Take(3).Select(r => r.TenantId).Distinct().Count().ShouldBe(3, "the tenants in turns");
        // The waiting tenants: the index alone (the rows are not read), in tenant order for the grouping.
        plans[0].ShouldContain(l => l.Contains($"SEARCH s USING COVERING INDEX {DispatchIndex} (Status=?)", StringComparison.Ordinal), text);
        plans[0].ShouldNotContain(l => l.Contains("FOR GROUP BY", StringComparison.Ordinal), text);
        foreach (var plan in plans.Skip(1))
        {
            // A tenant's oldest runs: read in index order, stopping at the limit — no sort of its queued runs.
            plan.ShouldContain(l => l.Contains($"SEARCH s USING INDEX {DispatchIndex} (Status=? AND TenantId=?)", StringComparison.Ordinal), text);
            plan.ShouldNotContain(l => l.Contains("TEMP B-TREE", StringComparison.Ordinal), text);
        }

        plans.ShouldAllBe(p => !p.Any(l => Regex.IsMatch(l, @"\bSCAN (s|SyncRuns)\b")), text);
    }
}
