using Connectors.Domain.Data;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;
using Connectors.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Sync;

/// <summary>The scheduler's database steps driven one at a time on a test bed: accounts with a due time, runs in
/// a given state, and another node's work run at an exact point.</summary>
public abstract class SchedulerTestsBase : TestBedTests
{
    protected Task<int> TickQueueAsync() => WithSchedulerAsync(s => s.QueueDueAsync(Ct));

    protected async Task<T> WithSchedulerAsync<T>(Func<SyncScheduler, Task<T>> step)
    {
        // A fresh scope per call, as each Quartz job execution (or node) has its own.
        await using var scope = Bed.Database.Services.CreateAsyncScope();
        return await step(scope.ServiceProvider.GetRequiredService<SyncScheduler>());
    }

    protected async Task<Guid> AccountAsync(Guid tenantId, string label, int nextSyncInMinutes)
    {
        var id = (await Bed.CreateMailAccountAsync(tenantId, label)).AccountId;
        await using var db = Db(tenantId);
        var next = Bed.Clock.GetUtcNow().UtcDateTime.AddMinutes(nextSyncInMinutes);
        await db.Installations.Where(i => i.Id == id).ExecuteUpdateAsync(u => u.SetProperty(i => i.NextSyncAt, next), Ct);
        return id;
    }

    protected async Task SetAsync(Guid account, InstallationStatus status)
    {
        await using var db = Db(Bed.Acme);
        await db.Installations.Where(i => i.Id == account).ExecuteUpdateAsync(u => u.SetProperty(i => i.Status, status), Ct);
    }

    /// <summary>Runs <paramref name="elsewhere"/> once, right after this test's tick read its due accounts.</summary>
    protected IDisposable AfterTheDueQueryOnce(Action elsewhere)
    {
        var done = 0;
        return EfCommands.AfterReader(
            command => command.Connection?.ConnectionString == Bed.Database.ConnectionString
                && command.CommandText.Contains("NextSyncAt", StringComparison.Ordinal)
                && command.CommandText.Contains("SyncRuns", StringComparison.Ordinal)
                && Interlocked.Exchange(ref done, 1) == 0,
            elsewhere);
    }

    /// <summary>Another node's whole run: queued, run and finished, the account's next sync moved on — saved
    /// together, as a finished run is.</summary>
    protected async Task FinishedElsewhereAsync(Guid account)
    {
        await using var db = Db(Bed.Acme);
        var now = Bed.Clock.GetUtcNow().UtcDateTime;
        db.SyncRuns.Add(new SyncRun
        {
            InstallationId = account, Status = SyncRunStatus.Succeeded, Trigger = SyncTrigger.Schedule,
            QueuedAt = now, StartedAt = now, FinishedAt = now,
        });
        var installation = await db.Installations.SingleAsync(i => i.Id == account, Ct);
        installation.NextSyncAt = now.AddMinutes(60);
        installation.LastSuccessAt = now;
        await db.SaveChangesAsync(Ct);
    }

    protected async Task<Guid> RunningAsync(Guid account, int heartbeatSecondsAgo)
    {
        await using var db = Db(Bed.Acme);
        var at = Bed.Clock.GetUtcNow().UtcDateTime.AddSeconds(-heartbeatSecondsAgo);
        var run = new SyncRun { InstallationId = account, Status = SyncRunStatus.Running, QueuedAt = at, StartedAt = at, HeartbeatAt = at };
        db.SyncRuns.Add(run);
        await db.SaveChangesAsync(Ct);
        return run.Id;
    }

    protected async Task QueueAsync(Guid account, int? notBeforeSeconds)
    {
        await using var db = Db(Bed.Acme);
        var now = Bed.Clock.GetUtcNow().UtcDateTime;
        db.SyncRuns.Add(new SyncRun
        {
            InstallationId = account, Status = SyncRunStatus.Queued, Trigger = SyncTrigger.Retry, Attempt = 2, QueuedAt = now,
            NotBefore = notBeforeSeconds is { } s ? now.AddSeconds(s) : null,
        });
        await db.SaveChangesAsync(Ct);
    }

    protected async Task<List<SyncRun>> RunsAsync()
    {
        var acme = await RunsOfAsync(Bed.Acme);
        return [.. acme, .. await RunsOfAsync(Bed.Globex)];
    }

    protected async Task<List<SyncRun>> RunsOfAsync(Guid tenantId)
    {
        await using var db = Db(tenantId);
        return await db.SyncRuns.AsNoTracking().ToListAsync(Ct);
    }

    protected ScopedContext Db(Guid tenantId) => new(Bed.As(tenantId));

    /// <summary>A context acting in one tenant, disposed with its scope.</summary>
    protected sealed class ScopedContext(AsyncServiceScope scope) : IAsyncDisposable
    {
        private readonly ConnectorsDbContext _db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();

        public DbSet<ConnectorInstallation> Installations => _db.Installations;

        public DbSet<SyncRun> SyncRuns => _db.SyncRuns;

        public Task<int> SaveChangesAsync(CancellationToken ct) => _db.SaveChangesAsync(ct);

        public async ValueTask DisposeAsync()
        {
            await _db.DisposeAsync();
            await scope.DisposeAsync();
        }
    }
}
