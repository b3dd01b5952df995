using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Connectors.Domain.Accounts;
using Connectors.Domain.Connectors;
using Connectors.Domain.Data;
using Connectors.Domain.Documents;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;
using Connectors.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Sync;

/// <summary>A run as the scheduler executes it: queued by Sync now or Full re-sync, claimed, run with
/// progress written to the row and the in-process hub at most once a second, interrupted by shutdown
/// (re-queued), failing unexpectedly (sanitized), measured (meter and activity source).</summary>
public sealed class SyncExecutionTests : IAsyncLifetime
{
    private ConnectorsTestBed _bed = null!;
    private Guid _account;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _bed = await ConnectorsTestBed.CreateAsync(configure: (services, _) => services.AddSingleton(new SyncJitter(() => 0.5)));
        _account = (await _bed.CreateMailAccountAsync(_bed.Acme, "Support")).AccountId;
    }

    public ValueTask DisposeAsync() => _bed.DisposeAsync();

    [Fact]
    public async Task ClaimedRun_ReportingProgress_WritesItToTheRowAndTheHubThenFinishesWithTheCounts()
    {
        var hub = _bed.Database.Services.GetRequiredService<SyncProgressHub>();
        var updates = new ConcurrentQueue<SyncLiveUpdate>();
        using var subscription = hub.Subscribe(_bed.Acme, updates.Enqueue);
        var gate = new TaskCompletionSource();
        _bed.Calls.SyncBody = async (context, ct) =>
        {
            var counts = await context.Documents.UpsertAsync([Doc(1), Doc(2)], ct);
            context.Progress.Report(new SyncProgress(2, 3));
            await gate.Task.WaitAsync(ct);
            counts += await context.Documents.UpsertAsync([Doc(3)], ct);
            context.Progress.Report(new SyncProgress(3, 3));
            return new SyncResult(3, counts.Added, counts.Updated, 0, 0);
        };

        var run = await ClaimManualRunAsync();
        var execution = ExecuteAsync(run.RunId, Ct);
        var midway = await WaitForAsync(async () => await RunAsync(run.RunId) is { ProgressCurrent: 2 } r ? r : null);
        gate.SetResult();
        var finished = (await execution)!;

        (midway.Status, midway.ProgressTotal, midway.Added).ShouldBe((SyncRunStatus.Running, 3, 2));
        midway.HeartbeatAt.ShouldNotBeNull();
        (finished.Status, finished.Added, finished.ProgressCurrent, finished.ProgressTotal).ShouldBe((SyncRunStatus.Succeeded, 3, 3, 3));
        updates.ShouldContain(u => u.RunId == run.RunId && u.Status == SyncRunStatus.Running && u.Current == 2 && u.Total == 3 && u.Added == 2);
        updates.Last().ShouldBe(updates.Last() with { RunId = run.RunId, AccountId = _account, Status = SyncRunStatus.Succeeded, Added = 3 });
        (await DocumentsAsync()).ShouldBe(3);
    }

    [Fact]
    public async Task ThousandProgressReports_AreFlushedAtMostOncePerSecond()
    {
        var hub = _bed.Database.Services.GetRequiredService<SyncProgressHub>();
        var updates = new ConcurrentQueue<SyncLiveUpdate>();
        using var subscription = hub.Subscribe(_bed.Acme, updates.Enqueue);
        var gate = new TaskCompletionSource();
        _bed.Calls.SyncBody = async (context, ct) =>
        {
            for (var i = 1; i <= 1000; i++)
            {
                context.Progress.Report(new SyncProgress(i, 1000));
            }

            await gate.Task.WaitAsync(ct);
            return SyncResult.Empty;
        };

        var run = await ClaimManualRunAsync();
        var watch = Stopwatch.StartNew();
        var execution = ExecuteAsync(run.RunId, Ct);
        await WaitForAsync(async () => await RunAsync(run.RunId) is { ProgressCurrent: 1000 } r ? r : null);
        var elapsed = watch.Elapsed;
        gate.SetResult();
        await execution;

        // The start, one flush per elapsed second at most, and the end — never one per report.
        var running = updates.Count(u => u.Status == SyncRunStatus.Running);
        running.ShouldBeLessThanOrEqualTo(2 + (int)Math.Ceiling(elapsed / RunProgress.Interval), $"{running} updates in {elapsed}");
    }

    [Fact]
    public async Task Shutdown_DuringARun_CancelsItAndQueuesTheSameSyncAgain()
    {
        var started = new TaskCompletionSource();
        _bed.Calls.SyncBody = async (context, ct) =>
        {
            await context.Documents.UpsertAsync([Doc(1)], ct);
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return SyncResult.Empty;
        };
        var run = await ClaimManualRunAsync();
        using var shutdown = new CancellationTokenSource();

        var execution = ExecuteAsync(run.RunId, shutdown.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await shutdown.CancelAsync();
        var interrupted = (await execution)!;

        (interrupted.Status, interrupted.Added).ShouldBe((SyncRunStatus.Cancelled, 1));
        interrupted.ErrorMessage!.ShouldContain("shutdown");
        var again = (await RunsAsync()).Single(r => r.Status == SyncRunStatus.Queued);
        (again.Trigger, again.Kind, again.Attempt, again.NotBefore).ShouldBe((SyncTrigger.Manual, SyncKind.Full, 1, null));
        var account = await AccountAsync();
        (account.Status, account.ConsecutiveFailures).ShouldBe((InstallationStatus.Active, 0));
    }

    [Fact]
    public async Task UnexpectedException_FailsTheRunWithoutItsMessageAndRetriesInSixtySeconds()
    {
        _bed.Calls.SyncBody = (_, _) => throw new InvalidOperationException("connection string Password=hunter2 leaked");
        var run = await ClaimManualRunAsync();

        var failed = (await ExecuteAsync(run.RunId, Ct))!;

        (failed.Status, failed.ErrorCategory).ShouldBe((SyncRunStatus.Failed, SyncErrorCategory.Unexpected));
        failed.ErrorMessage!.ShouldContain("InvalidOperationException");
        failed.ErrorMessage!.ShouldNotContain("hunter2");
        (await AccountAsync()).ErrorJson!.ShouldNotContain("hunter2");
        var retry = (await RunsAsync()).Single(r => r.Status == SyncRunStatus.Queued);
        (retry.Trigger, retry.Attempt, retry.NotBefore).ShouldBe((SyncTrigger.Retry, 2, _bed.Clock.GetUtcNow().UtcDateTime.AddSeconds(60)));
        _bed.Logs.Lines.ShouldContain(l => l.Contains("failed unexpectedly", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ClaimedRun_OfAnAccountPausedMeanwhile_IsCancelledWithoutCallingTheConnector()
    {
        var run = await ClaimManualRunAsync();
        await using (var scope = _bed.As(_bed.Acme))
        {
            await scope.ServiceProvider.GetRequiredService<AccountLifecycle>().PauseAsync(_account, Ct);
        }

        var cancelled = (await ExecuteAsync(run.RunId, Ct))!;

        cancelled.Status.ShouldBe(SyncRunStatus.Cancelled);
        cancelled.ErrorMessage.ShouldBe("Not run: the account is Paused.");
        _bed.Calls.Syncs.ShouldBeEmpty();
    }

    [Fact]
    public async Task RetrySync_OfAnAccountInError_SucceedsAndMakesItActiveAgain()
    {
        await using (var scope = _bed.As(_bed.Acme))
        await using (var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext())
        {
            await db.Installations.Where(i => i.Id == _account).ExecuteUpdateAsync(u => u
                .SetProperty(i => i.Status, InstallationStatus.Error).SetProperty(i => i.ConsecutiveFailures, 5).SetProperty(i => i.NextSyncAt, (DateTime?)null), Ct);
        }

        var run = await ClaimManualRunAsync();
        (await ExecuteAsync(run.RunId, Ct))!.Status.ShouldBe(SyncRunStatus.Succeeded);

        var account = await AccountAsync();
        (account.Status, account.ConsecutiveFailures).ShouldBe((InstallationStatus.Active, 0));
        account.NextSyncAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task FullResync_AfterASuccess_QueuesAFullRunWhereSyncNowQueuesAnIncrementalOne()
    {
        var first = await ClaimManualRunAsync();
        await ExecuteAsync(first.RunId, Ct);

        await using var scope = _bed.As(_bed.Acme);
        var installations = scope.ServiceProvider.GetRequiredService<AccountLifecycle>();
        var full = await installations.FullResyncAsync(_account, Ct);
        var again = await Should.ThrowAsync<ValidationFailedException>(() => installations.SyncNowAsync(_account, Ct));

        (await RunAsync(full))!.Kind.ShouldBe(SyncKind.Full);
        again.Message.ShouldContain("'Support' is already syncing.");
        await ExecuteClaimedAsync(new DispatchableRun(full, _bed.Acme, _account));
        var incremental = await installations.SyncNowAsync(_account, Ct);
        (await RunAsync(incremental))!.Kind.ShouldBe(SyncKind.Incremental);
    }

    [Fact]
    public async Task Telemetry_RecordsTheRunByConnectorAndOutcome_WithoutTheLabel()
    {
        var measurements = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SyncTelemetry.Name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Enqueue((i.Name, v, Tags(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Enqueue((i.Name, v, Tags(tags))));
        listener.Start();
        var activities = new ConcurrentQueue<Activity>();
        using var tracing = new ActivityListener
        {
            ShouldListenTo = s => s.Name == SyncTelemetry.Name,
            Sample = (ref _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(tracing);
        _bed.Calls.SyncBody = async (context, ct) =>
        {
            var counts = await context.Documents.UpsertAsync([Doc(1), Doc(2)], ct);
            return new SyncResult(2, counts.Added, counts.Updated, 0, 0);
        };

        var run = await ClaimManualRunAsync();
        await ExecuteAsync(run.RunId, Ct);

        var mine = measurements.Where(m => m.Tags.GetValueOrDefault("connector") as string == TestMailConnector.ConnectorKey).ToList();
        mine.ShouldContain(m => m.Instrument == "connectors.sync.runs" && m.Value == 1 && (string?)m.Tags["outcome"] == "succeeded");
        mine.ShouldContain(m => m.Instrument == "connectors.sync.duration");
        mine.ShouldContain(m => m.Instrument == "connectors.documents.ingested" && m.Value == 2);
        var span = activities.Single(a => a.OperationName == "sync.run" && (string?)a.GetTagItem("connectors.run_id") == run.RunId.ToString());
        span.GetTagItem("connectors.outcome").ShouldBe("succeeded");
        span.GetTagItem("connectors.connector").ShouldBe(TestMailConnector.ConnectorKey);
        span.TagObjects.ShouldNotContain(t => (t.Value as string ?? "").Contains("Support", StringComparison.Ordinal));
        mine.SelectMany(m => m.Tags.Values).ShouldNotContain(v => (v as string ?? "").Contains("Support", StringComparison.Ordinal));
    }

    private static Dictionary<string, object?> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>();
        foreach (var (key, value) in tags)
        {
            result[key] = value;
        }

        return result;
    }

    private static DocumentInput Doc(int n) => new($"msg-{n}", $"Message {n}", $"Body {n}");

    /// <summary>Sync now, then the scheduler's claim, as the sync job does.</summary>
    private async Task<DispatchableRun> ClaimManualRunAsync()
    {
        await using var scope = _bed.As(_bed.Acme);
        var runId = await scope.ServiceProvider.GetRequiredService<AccountLifecycle>().SyncNowAsync(_account, Ct);
        var run = new DispatchableRun(runId, _bed.Acme, _account);
        (await scope.ServiceProvider.GetRequiredService<SyncScheduler>().ClaimAsync(run, Ct)).ShouldBeTrue();
        return run;
    }

    private async Task<SyncRun?> ExecuteClaimedAsync(DispatchableRun run)
    {
        await using var scope = _bed.As(_bed.Acme);
        (await scope.ServiceProvider.GetRequiredService<SyncScheduler>().ClaimAsync(run, Ct)).ShouldBeTrue();
        return await scope.ServiceProvider.GetRequiredService<SyncRunner>().ExecuteClaimedAsync(run.RunId, Ct);
    }

    private async Task<SyncRun?> ExecuteAsync(Guid runId, CancellationToken ct)
    {
        await Task.Yield();
        await using var scope = _bed.As(_bed.Acme);
        return await scope.ServiceProvider.GetRequiredService<SyncRunner>().ExecuteClaimedAsync(runId, ct);
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The run never reached the expected state.");
            }

            await Task.Delay(50, Ct);
        }
    }

    private async Task<SyncRun?> RunAsync(Guid runId)
    {
        await using var scope = _bed.As(_bed.Acme);
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        return await db.SyncRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, Ct);
    }

    private async Task<List<SyncRun>> RunsAsync()
    {
        await using var scope = _bed.As(_bed.Acme);
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        return await db.SyncRuns.AsNoTracking().Where(r => r.InstallationId == _account).ToListAsync(Ct);
    }

    private async Task<ConnectorInstallation> AccountAsync()
    {
        await using var scope = _bed.As(_bed.Acme);
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        return await db.Installations.AsNoTracking().SingleAsync(i => i.Id == _account, Ct);
    }

    private async Task<int> DocumentsAsync()
    {
        await using var scope = _bed.As(_bed.Acme);
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        return await db.Documents.CountAsync(d => d.InstallationId == _account, Ct);
    }
}
