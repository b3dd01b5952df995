using System.Net.Sockets;
using System.Security.Authentication;
using Connectors.Domain.Accounts;
using Connectors.Domain.Connectors;
using Connectors.Domain.Data;
using Connectors.Domain.Documents;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;
using Connectors.Tests.Infrastructure;
using MailKit;
using MailKit.Net.Imap;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Sync;

/// <summary>Failures that escape the connector: a dropped connection is Transient (retried, stored as the
/// product's sentence, never the exception's text); an admin pausing or editing the account while it
/// syncs does not fail the run — the run records its result and the admin's choice stands.</summary>
public sealed class SyncRunnerFaultTests : TestBedTests
{
    private const string RemoteText = "* BYE remote-secret-7f3a said goodbye";

    private Guid _account;

    protected override async Task SeedAsync() =>
        _account = (await Bed.CreateMailAccountAsync(Bed.Acme, "Support")).AccountId;

    public static TheoryData<string> DroppedConnections => ["io", "socket", "http", "imap-protocol", "not-connected", "tls", "timeout", "http-timeout"];

    private static Exception Dropped(string kind) => kind switch
    {
        "io" => new IOException(RemoteText),
        "socket" => new SocketException((int)SocketError.ConnectionReset, RemoteText),
        "http" => new HttpRequestException(RemoteText, new IOException(RemoteText)),
        "imap-protocol" => new ImapProtocolException(RemoteText),
        "not-connected" => new ServiceNotConnectedException(RemoteText),
        "tls" => new AuthenticationException(RemoteText),
        "timeout" => new TimeoutException(RemoteText),
        "http-timeout" => new TaskCanceledException(RemoteText, new TimeoutException(RemoteText)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(DroppedConnections))]
    public async Task RunAsync_ConnectionDropsUnderTheConnector_IsTransientWithTheProductsSentenceAndRetried(string kind)
    {
        Bed.Calls.SyncBody = (_, _) => throw Dropped(kind);

        var failed = await RunAsync();

        (failed.Status, failed.ErrorCategory).ShouldBe((SyncRunStatus.Failed, SyncErrorCategory.Transient));
        failed.ErrorMessage.ShouldBe(SyncFailures.TransientSentence(Dropped(kind)));
        failed.ErrorMessage!.ShouldEndWith("(a transient failure).");
        var account = await AccountAsync();
        account.ErrorJson!.ShouldNotContain("remote-secret");
        account.ErrorJson!.ShouldContain("transient");
        var retry = (await RunsAsync()).Single(r => r.Status == SyncRunStatus.Queued);
        (retry.Trigger, retry.NotBefore).ShouldBe((SyncTrigger.Retry, Bed.Clock.GetUtcNow().UtcDateTime.AddSeconds(60)));
        Bed.Logs.Lines.ShouldNotContain(l => l.Contains("failed unexpectedly", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_BugInTheConnector_StaysUnexpected()
    {
        Bed.Calls.SyncBody = (_, _) => throw new InvalidOperationException(RemoteText);

        var failed = await RunAsync();

        failed.ErrorCategory.ShouldBe(SyncErrorCategory.Unexpected);
        failed.ErrorMessage!.ShouldNotContain("remote-secret");
    }

    [Fact]
    public async Task RunAsync_AccountPausedWhileItSyncs_RunRecordsItsResultAndTheAccountStaysPaused()
    {
        var sync = await StartBlockedSyncAsync(() => Task.FromResult(new SyncResult(1, 1, 0, 0, 0)), "Paused meanwhile");
        await AsAdminAsync<AccountLifecycle>(s => s.PauseAsync(_account, Ct));
        sync.Release();

        var run = await sync.Run;

        (run.Status, run.Added).ShouldBe((SyncRunStatus.Succeeded, 1));
        var account = await AccountAsync();
        (account.Status, account.NextSyncAt).ShouldBe((InstallationStatus.Paused, null));
        account.LastSuccessAt.ShouldBe(Bed.Clock.GetUtcNow().UtcDateTime);
        (await RunsAsync()).ShouldAllBe(r => r.Status != SyncRunStatus.Queued && r.Status != SyncRunStatus.Running);
    }

    [Fact]
    public async Task RunAsync_AccountPausedWhileItFails_RunIsFailedAndNoRetryIsQueuedBehindThePause()
    {
        var sync = await StartBlockedSyncAsync(() => throw new IOException(RemoteText), "Failing meanwhile");
        await AsAdminAsync<AccountLifecycle>(s => s.PauseAsync(_account, Ct));
        sync.Release();

        var run = await sync.Run;

        (run.Status, run.ErrorCategory).ShouldBe((SyncRunStatus.Failed, SyncErrorCategory.Transient));
        var account = await AccountAsync();
        (account.Status, account.NextSyncAt, account.ConsecutiveFailures).ShouldBe((InstallationStatus.Paused, null, 0));
        (await RunsAsync()).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task RunAsync_AccountRenamedWhileItSyncs_OutcomeAppliesAndTheNewLabelStays()
    {
        var sync = await StartBlockedSyncAsync(() => Task.FromResult(new SyncResult(1, 1, 0, 0, 0)), "Renamed meanwhile");
        await AsAdminAsync<AccountEditor>(s => s.PatchAsync(_account, new AccountPatch { Label = "Helpdesk" }, Ct));
        sync.Release();

        var run = await sync.Run;

        run.Status.ShouldBe(SyncRunStatus.Succeeded);
        var account = await AccountAsync();
        (account.Label, account.Status).ShouldBe(("Helpdesk", InstallationStatus.Active));
        account.NextSyncAt.ShouldNotBeNull().ShouldBeGreaterThan(Bed.Clock.GetUtcNow().UtcDateTime);
    }

    [Fact]
    public async Task RunAsync_RecoveredByAnotherNodeWhileItStalled_StopsAtItsNextHeartbeatAndRecordsNothingOverTheRecovery()
    {
        var inside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Bed.Calls.SyncBody = async (context, ct) =>
        {
            context.Progress.Report(new SyncProgress(1, 3));
            inside.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return SyncResult.Empty;
        };
        var execution = RunAsync();
        await inside.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        var runId = (await RunsAsync()).Single().Id;

        // Another node found the heartbeat stale and failed the run; then this node's next heartbeat is due.
        await using (var scope = Bed.As(Bed.Acme))
        await using (var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext())
        {
            await db.SyncRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(u => u
                .SetProperty(r => r.Status, SyncRunStatus.Failed).SetProperty(r => r.ErrorMessage, "Recovered elsewhere."), Ct);
        }

        Bed.Clock.Advance(TimeSpan.FromSeconds(11));
        await execution.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        var run = (await RunsAsync()).ShouldHaveSingleItem();
        (run.Status, run.ErrorMessage).ShouldBe((SyncRunStatus.Failed, "Recovered elsewhere."));
        (await AccountAsync()).LastSyncAt.ShouldBeNull();
        Bed.Logs.Lines.ShouldContain(l => l.Contains("another node recovered the run", StringComparison.Ordinal));
    }

    /// <summary>A sync whose connector is inside its sync (the run row loaded, the account read) until released.</summary>
    private sealed record BlockedSync(Task<SyncRun> Run, TaskCompletionSource Gate)
    {
        public void Release() => Gate.SetResult();
    }

    private async Task<BlockedSync> StartBlockedSyncAsync(Func<Task<SyncResult>> outcome, string document)
    {
        var inside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Bed.Calls.SyncBody = async (context, ct) =>
        {
            await context.Documents.UpsertAsync([new DocumentInput("msg-1", document, "Body")], ct);
            inside.SetResult();
            await gate.Task.WaitAsync(ct);
            return await outcome();
        };
        var run = RunAsync();
        await inside.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        return new BlockedSync(run, gate);
    }

    private async Task<SyncRun> RunAsync()
    {
        await Task.Yield();
        await using var scope = Bed.As(Bed.Acme);
        return await scope.ServiceProvider.GetRequiredService<SyncRunner>().RunAsync(_account, SyncTrigger.Manual, Ct);
    }

    private async Task AsAdminAsync<TService>(Func<TService, Task> action)
        where TService : notnull
    {
        await using var scope = Bed.As(Bed.Acme);
        await action(scope.ServiceProvider.GetRequiredService<TService>());
    }

    private async Task<List<SyncRun>> RunsAsync()
    {
        await using var scope = Bed.As(Bed.Acme);
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        return await db.SyncRuns.AsNoTracking().Where(r => r.InstallationId == _account).ToListAsync(Ct);
    }

    private async Task<ConnectorInstallation> AccountAsync()
    {
        await using var scope = Bed.As(Bed.Acme);
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        return await db.Installations.AsNoTracking().SingleAsync(i => i.Id == _account, Ct);
    }
}
