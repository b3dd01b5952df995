using Connectors.Domain;
using Connectors.Domain.Accounts;
using Connectors.Domain.Checks;
using Connectors.Domain.Connectors;
using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using Connectors.Domain.Events;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;
using Connectors.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Notifications;

/// <summary>Scheduled connection checks: which accounts are checked, what a result does to the account, the
/// events they raise, and exactly-once across nodes.</summary>
public sealed class ConnectionCheckTests : IAsyncLifetime
{
    private ConnectorsTestBed _bed = null!;
    private Guid _account;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DateTime Now => _bed.Clock.GetUtcNow().UtcDateTime;

    public async ValueTask InitializeAsync()
    {
        _bed = await ConnectorsTestBed.CreateAsync(
            new Dictionary<string, string?> { ["Connectors:PerConnectorCheckMinutes:test-drive"] = "30" },
            (services, _) => services.AddSingleton(new SyncJitter(() => 0.5)));
        _account = (await _bed.CreateMailAccountAsync(_bed.Acme, "Support")).AccountId;
    }

    public ValueTask DisposeAsync() => _bed.DisposeAsync();

    [Fact]
    public void Cadence_TheAccountsOwn_ThenTheConnectors_ThenTheDefaultOfSixHours()
    {
        var options = new ConnectorsOptions { PerConnectorCheckMinutes = { ["imap"] = 120 } };

        CheckSchedule.CadenceMinutes(45, "imap", options).ShouldBe(45);
        CheckSchedule.CadenceMinutes(null, "imap", options).ShouldBe(120);
        CheckSchedule.CadenceMinutes(null, "notion", options).ShouldBe(360);
    }

    [Fact]
    public async Task Connect_SchedulesTheFirstCheckOneCadenceLater()
    {
        var account = await AccountAsync(_account);

        account.NextCheckAt.ShouldBe(Now.AddMinutes(360));
    }

    [Fact]
    public async Task Sweep_ChecksOnlyDueActiveAccountsThatAreNotSyncing_AndSchedulesTheNextByCadenceWithJitter()
    {
        var paused = (await _bed.CreateMailAccountAsync(_bed.Acme, "Paused")).AccountId;
        var syncing = (await _bed.CreateMailAccountAsync(_bed.Acme, "Syncing")).AccountId;
        var notDue = (await _bed.CreateMailAccountAsync(_bed.Acme, "Later")).AccountId;
        var other = (await _bed.CreateMailAccountAsync(_bed.Globex, "Globex")).AccountId;
        await UpdateAsync(i => i.Id == paused, i => i.Status = InstallationStatus.Paused);
        await AddRunAsync(syncing, SyncRunStatus.Running);
        _bed.Clock.Advance(TimeSpan.FromMinutes(361));
        await UpdateAsync(i => i.Id == notDue, i => i.NextCheckAt = Now.AddMinutes(5));

        var checkedCount = await SweepAsync();

        checkedCount.ShouldBe(2);
        _bed.Calls.HealthChecks.ShouldBe([_account, other], ignoreOrder: true);
        var account = await AccountAsync(_account);
        account.TestStatus.ShouldBe(ConnectionTestStatus.Passed);
        account.LastTestedAt.ShouldBe(Now);
        account.NextCheckAt.ShouldBe(Now.AddMinutes(360 * 1.05));
        account.CheckClaim.ShouldBeNull();
        (await AccountAsync(paused)).LastTestedAt.ShouldBeNull();
        (await AccountAsync(syncing)).LastTestedAt.ShouldBeNull();
        (await AccountAsync(notDue)).LastTestedAt.ShouldBeNull();

        (await SweepAsync()).ShouldBe(0, "nothing is due any more");
    }

    [Fact]
    public async Task Sweep_RefusedCredentials_MoveTheAccountToNeedsReconnectAtOnce_WithTheEvent()
    {
        _bed.Calls.Health = _ => HealthStatus.Failed(new ConnectorAuthException("The mail server refused the password."));
        _bed.Clock.Advance(TimeSpan.FromMinutes(361));

        await SweepAsync();

        var account = await AccountAsync(_account);
        account.Status.ShouldBe(InstallationStatus.NeedsReconnect);
        account.NextSyncAt.ShouldBeNull();
        account.TestStatus.ShouldBe(ConnectionTestStatus.Failed);
        account.CheckCategory.ShouldBe("auth");
        account.CheckMessage.ShouldBe("The mail server refused the password.");
        AccountError.FromJson(account.ErrorJson)!.Kind.ShouldBe("auth");
        var e = (await EventsAsync()).ShouldHaveSingleItem();
        e.Kind.ShouldBe(AccountEventKinds.NeedsReconnect);
        e.Category.ShouldBe("auth");
        e.AccountLabel.ShouldBe("Support");
        e.ProjectKey.ShouldBe("default");
        e.Message.ShouldContain("The mail server refused the password.");

        _bed.Clock.Advance(TimeSpan.FromMinutes(400));
        (await SweepAsync()).ShouldBe(0, "an account needing reconnect is not checked again");
    }

    [Fact]
    public async Task Sweep_TransientFailures_CountAndRaiseCheckFailedOnTheThirdInARow_ThenCheckRecovered()
    {
        _bed.Calls.Health = _ => HealthStatus.Unhealthy("The server did not answer within 10 s.");
        for (var i = 1; i <= 4; i++)
        {
            _bed.Clock.Advance(TimeSpan.FromMinutes(400));
            await SweepAsync();
            var account = await AccountAsync(_account);
            account.Status.ShouldBe(InstallationStatus.Active);
            account.CheckFailures.ShouldBe(i);
            (await EventsAsync()).Count.ShouldBe(i >= 3 ? 1 : 0, $"after failure {i}");
        }

        (await EventsAsync()).Single().Kind.ShouldBe(AccountEventKinds.CheckFailed);
        _bed.Calls.Health = null;
        _bed.Clock.Advance(TimeSpan.FromMinutes(400));
        await SweepAsync();

        (await AccountAsync(_account)).CheckFailures.ShouldBe(0);
        (await EventsAsync()).Select(e => e.Kind).ShouldBe([AccountEventKinds.CheckFailed, AccountEventKinds.CheckRecovered]);
    }

    [Fact]
    public async Task Sweep_TwoNodesAtOnce_CheckEveryDueAccountExactlyOnce()
    {
        for (var i = 0; i < 40; i++)
        {
            await _bed.CreateMailAccountAsync(_bed.Acme, $"Box {i}");
        }

        _bed.Calls.Health = _ =>
        {
            Thread.Sleep(5); // a probe takes a moment, so the two sweeps overlap
            return HealthStatus.Healthy();
        };
        _bed.Clock.Advance(TimeSpan.FromMinutes(361));

        var counts = await Task.WhenAll(SweepAsync(), SweepAsync());

        counts.Sum().ShouldBe(41);
        _bed.Calls.HealthChecks.Count.ShouldBe(41);
        _bed.Calls.HealthChecks.Distinct().Count().ShouldBe(41);
    }

    [Fact]
    public async Task CheckNow_RecordsLikeTheSweep_AndMovesAnActiveAccountToNeedsReconnectOnRefusal()
    {
        _bed.Calls.Health = _ => HealthStatus.Failed(new ConnectorAuthException("Login refused."));
        await using var scope = _bed.As(_bed.Acme);

        var health = await scope.ServiceProvider.GetRequiredService<ConnectionChecks>().CheckNowAsync(_account, Ct);

        health.Failure.ShouldBe(HealthFailure.Auth);
        var account = await AccountAsync(_account);
        account.Status.ShouldBe(InstallationStatus.NeedsReconnect);
        account.CheckMessage.ShouldBe("Login refused.");
        (await EventsAsync()).Single().Kind.ShouldBe(AccountEventKinds.NeedsReconnect);
    }

    [Fact]
    public async Task AccountsOwnCheckCadence_IsValidated_ReschedulesTheNextCheck_AndAnEditWithoutItKeepsIt()
    {
        await using (var scope = _bed.As(_bed.Acme))
        {
            var editor = scope.ServiceProvider.GetRequiredService<AccountEditor>();
            var error = await Should.ThrowAsync<ValidationFailedException>(() =>
                editor.PatchAsync(_account, new AccountPatch { SetsCheckMinutes = true, CheckMinutes = 5 }, Ct));
            error.Errors["checkMinutes"].ShouldStartWith("The connection check cadence must be between 15 minutes and 7 days");

            var patched = await editor.PatchAsync(_account, new AccountPatch { SetsCheckMinutes = true, CheckMinutes = 60 }, Ct);
            patched.CheckMinutes.ShouldBe(60);
            patched.NextCheckAt.ShouldBe(Now.AddMinutes(60));

            // A whole edit that does not carry the check cadence (the dialog opened from a list) keeps it.
            await editor.UpdateAsync(_account, new AccountEdit("Support desk", null, null), Ct);
        }

        var account = await AccountAsync(_account);
        account.CheckMinutes.ShouldBe(60);
        account.Label.ShouldBe("Support desk");
        _bed.Clock.Advance(TimeSpan.FromMinutes(61));
        (await SweepAsync()).ShouldBe(1);
        (await AccountAsync(_account)).NextCheckAt.ShouldBe(Now.AddMinutes(60 * 1.05));
    }

    private async Task<int> SweepAsync()
    {
        await using var scope = _bed.Database.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ConnectionChecks>().SweepAsync(Ct);
    }

    private async Task<ConnectorInstallation> AccountAsync(Guid id)
    {
        await using var scope = _bed.As(_bed.Acme);
        await using var db = Db(scope);
        return await db.Installations.AsNoTracking().SingleAsync(i => i.Id == id, Ct);
    }

    private async Task<List<AccountEvent>> EventsAsync()
    {
        await using var scope = _bed.As(_bed.Acme);
        await using var db = Db(scope);
        return await db.AccountEvents.AsNoTracking().Where(e => e.InstallationId == _account).OrderBy(e => e.OccurredAt).ThenBy(e => e.Id).ToListAsync(Ct);
    }

    private async Task UpdateAsync(Func<ConnectorInstallation, bool> which, Action<ConnectorInstallation> change)
    {
        await using var scope = _bed.As(_bed.Acme);
        await using var db = Db(scope);
        foreach (var installation in (await db.Installations.ToListAsync(Ct)).Where(which))
        {
            change(installation);
        }

        await db.SaveChangesAsync(Ct);
    }

    private async Task AddRunAsync(Guid account, SyncRunStatus status)
    {
        await using var scope = _bed.As(_bed.Acme);
        await using var db = Db(scope);
        db.SyncRuns.Add(new SyncRun { InstallationId = account, Status = status, QueuedAt = Now, StartedAt = Now, HeartbeatAt = Now });
        await db.SaveChangesAsync(Ct);
    }

    private static ConnectorsDbContext Db(AsyncServiceScope scope) =>
        scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
}
