using Connectors.Domain.Data;
using Connectors.Domain.Sync;
using Connectors.Tests.Infrastructure;
using Connectors.Web.Components.Accounts;
using Connectors.Web.Components.Pages.AccountDetail;
using Connectors.Web.Components.Pages.ConnectorList;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Components.Accounts;

/// <summary>The pages' live feed: an in-process update shows at once; a run on another node (no update
/// reaches this one) is followed by polling its row, and its end makes the page reload.</summary>
public sealed class LiveSyncFeedTests : IAsyncLifetime
{
    private ConnectorsTestBed _bed = null!;
    private AsyncServiceScope _scope;
    private Guid _account;
    private int _changed;
    private TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _bed = await ConnectorsTestBed.CreateAsync();
        _account = (await _bed.CreateMailAccountAsync(_bed.Acme, "Support")).AccountId;
        _scope = _bed.As(_bed.Acme);
    }

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _bed.DisposeAsync();
    }

    [Fact]
    public async Task InProcessUpdate_IsShownAtOnce_AndItsEndReloads()
    {
        var hub = _bed.Database.Services.GetRequiredService<SyncProgressHub>();
        await using var feed = Feed();
        var run = Guid.NewGuid();

        hub.Publish(new SyncLiveUpdate(_bed.Acme, _account, run, SyncRunStatus.Running, 1, 3, 1, 0, DateTime.UtcNow));
        var during = feed.For(_account);
        hub.Publish(new SyncLiveUpdate(_bed.Globex, _account, Guid.NewGuid(), SyncRunStatus.Running, 9, 9, 9, 0, DateTime.UtcNow));
        var afterOtherTenant = feed.For(_account);
        hub.Publish(new SyncLiveUpdate(_bed.Acme, _account, run, SyncRunStatus.Succeeded, 3, 3, 3, 0, DateTime.UtcNow));

        (during!.Current, during.Total).ShouldBe((1, 3));
        afterOtherTenant.ShouldBe(during);
        await _finished.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        feed.For(_account).ShouldBeNull();
        _changed.ShouldBe(1);
    }

    [Fact]
    public async Task RunOnAnotherNode_IsFollowedByPollingItsRow_UntilItEnds()
    {
        var runId = await InsertRunningAsync();
        await using var feed = Feed();
        await feed.RefreshAsync(Ct);
        feed.For(_account)!.Current.ShouldBeNull();

        await UpdateRunAsync(runId, u => u.SetProperty(r => r.ProgressCurrent, 2).SetProperty(r => r.ProgressTotal, 5));
        await WaitUntilAsync(() => feed.For(_account)?.Current == 2);
        await UpdateRunAsync(runId, u => u.SetProperty(r => r.Status, SyncRunStatus.Succeeded));

        await _finished.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        feed.For(_account).ShouldBeNull();
        _changed.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task RunEndingWhileThePageLoads_UnknownToTheFeed_StillMakesThePageReload()
    {
        // The page subscribed and is reading its figures (which show the run Running); the run ends before
        // the feed has seen it. The end must still reach the page, or its row says "Running" for good.
        var hub = _bed.Database.Services.GetRequiredService<SyncProgressHub>();
        await using var feed = Feed();

        hub.Publish(new SyncLiveUpdate(_bed.Acme, _account, Guid.NewGuid(), SyncRunStatus.Succeeded, 3, 3, 3, 0, DateTime.UtcNow));

        _finished.Task.IsCompleted.ShouldBeTrue("the final event was dropped: the page keeps what it loaded");
        feed.For(_account).ShouldBeNull();
    }

    [Fact]
    public async Task RefreshReadBeforeTheRunEnded_CompletingAfterTheEnd_DoesNotBringTheRunBack()
    {
        // The row still says Running: the refresh's read raced the runner's final save and lost.
        var runId = await InsertRunningAsync();
        var hub = _bed.Database.Services.GetRequiredService<SyncProgressHub>();
        await using var feed = Feed();
        hub.Publish(new SyncLiveUpdate(_bed.Acme, _account, runId, SyncRunStatus.Running, 1, 3, 1, 0, DateTime.UtcNow));
        hub.Publish(new SyncLiveUpdate(_bed.Acme, _account, runId, SyncRunStatus.Succeeded, 3, 3, 3, 0, DateTime.UtcNow));

        await feed.RefreshAsync(Ct);

        feed.For(_account).ShouldBeNull();
        _finished.Task.IsCompleted.ShouldBeTrue();
    }

    [Fact]
    public async Task LateProgressOfAnEndedRun_IsIgnored()
    {
        var hub = _bed.Database.Services.GetRequiredService<SyncProgressHub>();
        await using var feed = Feed();
        var run = Guid.NewGuid();
        hub.Publish(new SyncLiveUpdate(_bed.Acme, _account, run, SyncRunStatus.Succeeded, 3, 3, 3, 0, DateTime.UtcNow));

        hub.Publish(new SyncLiveUpdate(_bed.Acme, _account, run, SyncRunStatus.Running, 2, 3, 2, 0, DateTime.UtcNow));

        feed.For(_account).ShouldBeNull();
    }

    private LiveSyncFeed Feed() => new(
        _bed.Database.Services.GetRequiredService<SyncProgressHub>(), _scope.ServiceProvider.GetRequiredService<SyncHistory>(), _bed.Acme,
        work => work(),
        () => { Interlocked.Increment(ref _changed); return Task.CompletedTask; },
        () => { _finished.TrySetResult(); return Task.CompletedTask; });

    private async Task<Guid> InsertRunningAsync()
    {
        await using var db = _scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        var run = new SyncRun
        {
            InstallationId = _account, Trigger = SyncTrigger.Schedule, Kind = SyncKind.Full, Status = SyncRunStatus.Running,
            QueuedAt = DateTime.UtcNow, StartedAt = DateTime.UtcNow, HeartbeatAt = DateTime.UtcNow,
        };
        db.SyncRuns.Add(run);
        await db.SaveChangesAsync(Ct);
        return run.Id;
    }

    private async Task UpdateRunAsync(Guid runId, Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<SyncRun>> set)
    {
        await using var db = _scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        await db.SyncRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(set, Ct);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The feed never showed the row's progress.");
            }

            await Task.Delay(100, Ct);
        }
    }
}
