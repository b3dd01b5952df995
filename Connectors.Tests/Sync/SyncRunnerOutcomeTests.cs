using Connectors.Domain.Accounts;
using Connectors.Domain.Connectors;
using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;
using Connectors.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Sync;

/// <summary>The runner records each outcome on the account and queues the retry the schedule asks for,
/// at the controlled clock's time.</summary>
public sealed class SyncRunnerOutcomeTests : IAsyncLifetime
{
    private ConnectorsTestBed _bed = null!;
    private Guid _account;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DateTime Now => _bed.Clock.GetUtcNow().UtcDateTime;

    public async ValueTask InitializeAsync()
    {
        _bed = await ConnectorsTestBed.CreateAsync(configure: (services, _) => services.AddSingleton(new SyncJitter(() => 0.5)));
        _account = (await _bed.CreateMailAccountAsync(_bed.Acme, "Support")).AccountId;
    }

    public ValueTask DisposeAsync() => _bed.DisposeAsync();

    [Fact]
    public async Task RunAsync_Success_SchedulesCadencePlusJitterAndResetsTheStreak()
    {
        await SetStreakAsync(3);

        var run = await RunAsync();

        run.Status.ShouldBe(SyncRunStatus.Succeeded);
        var account = await AccountAsync();
        account.NextSyncAt.ShouldBe(Now.AddMinutes(15).AddSeconds(45));
        account.ConsecutiveFailures.ShouldBe(0);
    }

    [Fact]
    public async Task RunAsync_TransientFailure_QueuesARetryAtSixtySeconds()
    {
        _bed.Calls.SyncFailure = new ConnectorApiException("The provider answered 503.");

        var run = await RunAsync();

        run.Status.ShouldBe(SyncRunStatus.Failed);
        run.ErrorCategory.ShouldBe(SyncErrorCategory.Transient);
        var retry = (await RunsAsync()).Single(r => r.Status == SyncRunStatus.Queued);
        retry.Trigger.ShouldBe(SyncTrigger.Retry);
        retry.Attempt.ShouldBe(2);
        retry.NotBefore.ShouldBe(Now.AddSeconds(60));
        var account = await AccountAsync();
        account.Status.ShouldBe(InstallationStatus.Active);
        account.ConsecutiveFailures.ShouldBe(1);
        account.NextSyncAt.ShouldBe(Now.AddSeconds(60));
    }

    [Fact]
    public async Task RunAsync_RateLimitedWithLongRetryAfter_RetriesAtTheProvidersTime()
    {
        _bed.Calls.SyncFailure = new ConnectorApiException("429 Too Many Requests", retryAfter: TimeSpan.FromMinutes(10));

        var run = await RunAsync();

        run.ErrorCategory.ShouldBe(SyncErrorCategory.RateLimited);
        (await RunsAsync()).Single(r => r.Status == SyncRunStatus.Queued).NotBefore.ShouldBe(Now.AddMinutes(10));
    }

    [Fact]
    public async Task RunAsync_AuthFailure_NeedsReconnectWithoutRetry()
    {
        _bed.Calls.SyncFailure = new ConnectorAuthException("Token revoked.");

        await RunAsync();

        (await RunsAsync()).ShouldNotContain(r => r.Status == SyncRunStatus.Queued);
        var account = await AccountAsync();
        account.Status.ShouldBe(InstallationStatus.NeedsReconnect);
        account.NextSyncAt.ShouldBeNull();
    }

    [Fact]
    public async Task TransientFailures_ThroughTheScheduler_RetryAtExactlyTheDelays_ThenError_ThenResumeMakesItDue()
    {
        _bed.Calls.SyncFailure = new ConnectorApiException("The provider answered 503.");
        await RunAsync(); // Attempt 1 fails.

        foreach (var delay in new[] { 60, 300, 900 })
        {
            _bed.Clock.Advance(TimeSpan.FromSeconds(delay - 1));
            (await SchedulerAsync(s => s.DispatchableAsync(10, Ct))).ShouldBeEmpty($"not before {delay} s");
            _bed.Clock.Advance(TimeSpan.FromSeconds(1));
            var retry = (await SchedulerAsync(s => s.DispatchableAsync(10, Ct))).ShouldHaveSingleItem();
            (await SchedulerAsync(s => s.ClaimAsync(retry, Ct))).ShouldBeTrue();
            await using var scope = _bed.As(_bed.Acme);
            (await scope.ServiceProvider.GetRequiredService<SyncRunner>().ExecuteClaimedAsync(retry.RunId, Ct))!.Status.ShouldBe(SyncRunStatus.Failed);
        }

        // Three retries used: no fourth; the account waits for its cadence with 4 failures in a row.
        var runs = await RunsAsync();
        runs.Select(r => r.Attempt).Order().ShouldBe([1, 2, 3, 4]);
        runs.ShouldNotContain(r => r.Status == SyncRunStatus.Queued);
        var waiting = await AccountAsync();
        (waiting.Status, waiting.ConsecutiveFailures).ShouldBe((InstallationStatus.Active, 4));

        // The 5th failed run (by cadence) stops it; ticks no longer queue it, however late it gets.
        _bed.Clock.Advance(TimeSpan.FromMinutes(20));
        (await SchedulerAsync(s => s.QueueDueAsync(Ct))).ShouldBe(1);
        var scheduled = (await SchedulerAsync(s => s.DispatchableAsync(10, Ct))).ShouldHaveSingleItem();
        (await SchedulerAsync(s => s.ClaimAsync(scheduled, Ct))).ShouldBeTrue();
        await using (var scope = _bed.As(_bed.Acme))
        {
            await scope.ServiceProvider.GetRequiredService<SyncRunner>().ExecuteClaimedAsync(scheduled.RunId, Ct);
        }

        (await AccountAsync()).Status.ShouldBe(InstallationStatus.Error);
        _bed.Clock.Advance(TimeSpan.FromDays(2));
        (await SchedulerAsync(s => s.QueueDueAsync(Ct))).ShouldBe(0);

        await using (var scope = _bed.As(_bed.Acme))
        {
            await scope.ServiceProvider.GetRequiredService<AccountLifecycle>().ResumeAsync(_account, Ct);
        }

        var resumed = await AccountAsync();
        (resumed.Status, resumed.ConsecutiveFailures, resumed.NextSyncAt).ShouldBe((InstallationStatus.Active, 0, Now));
        (await SchedulerAsync(s => s.QueueDueAsync(Ct))).ShouldBe(1);
    }

    private async Task<T> SchedulerAsync<T>(Func<SyncScheduler, Task<T>> step)
    {
        await using var scope = _bed.Database.Services.CreateAsyncScope();
        return await step(scope.ServiceProvider.GetRequiredService<SyncScheduler>());
    }

    [Fact]
    public async Task RunAsync_FifthConsecutiveFailure_ErrorWithNothingScheduled()
    {
        await SetStreakAsync(4);
        _bed.Calls.SyncFailure = new ConnectorApiException("The provider answered 503.");

        await RunAsync();

        (await RunsAsync()).ShouldNotContain(r => r.Status == SyncRunStatus.Queued);
        var account = await AccountAsync();
        account.Status.ShouldBe(InstallationStatus.Error);
        account.ConsecutiveFailures.ShouldBe(5);
        account.NextSyncAt.ShouldBeNull();
        account.ErrorJson!.ShouldContain("The provider answered 503.");
    }

    [Fact]
    public async Task RunAsync_PaginationLimit_IsAPartialSuccess()
    {
        await SetStreakAsync(2);
        _bed.Calls.SyncFailure = new PaginationLimitException("Stopped after 100 pages.", new SyncResult(500, 500, 0, 0, 0));

        var run = await RunAsync();

        run.Status.ShouldBe(SyncRunStatus.PartiallySucceeded);
        run.ErrorCategory.ShouldBe(SyncErrorCategory.Partial);
        run.Added.ShouldBe(500);
        (await AccountAsync()).ConsecutiveFailures.ShouldBe(0);
    }

    private async Task<SyncRun> RunAsync()
    {
        await using var scope = _bed.As(_bed.Acme);
        return await scope.ServiceProvider.GetRequiredService<SyncRunner>().RunAsync(_account, SyncTrigger.Manual, Ct);
    }

    private async Task<ConnectorInstallation> AccountAsync()
    {
        await using var scope = _bed.As(_bed.Acme);
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        return await db.Installations.AsNoTracking().SingleAsync(i => i.Id == _account, Ct);
    }

    private async Task<List<SyncRun>> RunsAsync()
    {
        await using var scope = _bed.As(_bed.Acme);
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        return await db.SyncRuns.Where(r => r.InstallationId == _account).ToListAsync(Ct);
    }

    private async Task SetStreakAsync(int failures)
    {
        await using var scope = _bed.As(_bed.Acme);
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        await db.Installations.Where(i => i.Id == _account).ExecuteUpdateAsync(u => u.SetProperty(i => i.ConsecutiveFailures, failures), Ct);
    }
}
