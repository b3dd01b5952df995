using System.Diagnostics;
using Connectors.Domain.Accounts;
using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Installations;

/// <summary>Bulk actions (issue 15, item 3): a dry run says what would happen to each account and why some are
/// skipped, changes nothing; a run applies each account through the single action (audited one by one) and
/// reports every account's outcome, a failure named beside the accounts that applied.</summary>
public sealed class AccountBulkTests : TestBedTests
{
    private Guid _active;
    private Guid _paused;
    private Guid _pending;
    private Guid _syncing;
    private Guid _error;

    protected override async Task SeedAsync()
    {
        _active = await CreateAsync("Alpha");
        _paused = await CreateAsync("Bravo", InstallationStatus.Paused);
        _pending = await CreateAsync("Charlie", InstallationStatus.Pending);
        _syncing = await CreateAsync("Delta");
        _error = await CreateAsync("Echo", InstallationStatus.Error);
        await InDbAsync(db =>
        {
            db.SyncRuns.Add(new SyncRun
            {
                TenantId = Bed.Acme, InstallationId = _syncing, Status = SyncRunStatus.Running, QueuedAt = Now, StartedAt = Now,
            });
            return db.SaveChangesAsync(Ct);
        });
    }

    private DateTime Now => Bed.Clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task DryRun_SaysWhatWouldHappenToEachAccountAndWhy_AndChangesNothing()
    {
        var auditBefore = await AuditCountAsync();

        var pause = await RunAsync(new BulkRequest { Action = BulkAction.Pause, AccountIds = All, DryRun = true });
        var sync = await RunAsync(new BulkRequest { Action = BulkAction.Sync, AccountIds = All, DryRun = true });
        var resume = await RunAsync(new BulkRequest { Action = BulkAction.Resume, AccountIds = All, DryRun = true });

        Outcomes(pause).ShouldBe([
            ("Alpha", BulkOutcome.WillApply, null), ("Bravo", BulkOutcome.Skipped, "Already paused."),
            ("Charlie", BulkOutcome.Skipped, "Not connected yet: finish connecting it first."),
            ("Delta", BulkOutcome.WillApply, null), ("Echo", BulkOutcome.WillApply, null)]);
        Outcomes(sync).ShouldBe([
            ("Alpha", BulkOutcome.WillApply, null), ("Bravo", BulkOutcome.Skipped, "Paused: resume it to sync."),
            ("Charlie", BulkOutcome.Skipped, "Not connected yet: finish connecting it first."),
            ("Delta", BulkOutcome.Skipped, "A sync is already running."), ("Echo", BulkOutcome.WillApply, null)]);
        Outcomes(resume).Where(o => o.Outcome == BulkOutcome.WillApply).Select(o => o.Label).ShouldBe(["Bravo", "Echo"]);
        pause.DryRun.ShouldBeTrue();
        (await StatusesAsync()).ShouldBe([InstallationStatus.Active, InstallationStatus.Paused, InstallationStatus.Pending, InstallationStatus.Active, InstallationStatus.Error]);
        (await AuditCountAsync()).ShouldBe(auditBefore);
    }

    [Fact]
    public async Task Run_AppliesEachAccountThroughTheSingleAction_AuditedOneByOne()
    {
        var result = await RunAsync(new BulkRequest { Action = BulkAction.Pause, AccountIds = All });

        result.Items.Where(i => i.Outcome == BulkOutcome.Applied).Select(i => i.Label).ShouldBe(["Alpha", "Delta", "Echo"]);
        result.Items.Where(i => i.Outcome == BulkOutcome.Skipped).Select(i => i.Reason).ShouldBe(["Already paused.", "Not connected yet: finish connecting it first."]);
        (await StatusesAsync()).ShouldBe([InstallationStatus.Paused, InstallationStatus.Paused, InstallationStatus.Pending, InstallationStatus.Paused, InstallationStatus.Paused]);
        var audited = await InDbAsync(db => db.AuditEntries.Where(a => a.Action == "account.paused").Select(a => a.TargetId).ToListAsync(Ct));
        audited.ShouldBe([_active.ToString(), _syncing.ToString(), _error.ToString()], ignoreOrder: true);
    }

    [Fact]
    public async Task Sync_QueuesARunForEachConnectedAccount_AndSkipsTheOneAlreadySyncing()
    {
        var result = await RunAsync(new BulkRequest { Action = BulkAction.Sync, AccountIds = All });

        result.Items.Where(i => i.Outcome == BulkOutcome.Applied).Select(i => i.AccountId).ShouldBe([_active, _error]);
        result.Items.Single(i => i.AccountId == _syncing).Outcome.ShouldBe(BulkOutcome.Skipped);
        var queued = await InDbAsync(db => db.SyncRuns.Where(r => r.Status == SyncRunStatus.Queued).Select(r => r.InstallationId).ToListAsync(Ct));
        queued.ShouldBe([_active, _error], ignoreOrder: true);
    }

    [Fact]
    public async Task Filter_ActsOnEveryMatchingAccount_AndMovesThemToAProject()
    {
        var result = await RunAsync(new BulkRequest
        {
            Action = BulkAction.Move, Filter = new AccountTableQuery { Statuses = [InstallationStatus.Active, InstallationStatus.Error] }, ProjectKey = "acme-hr",
        });

        result.Items.Select(i => (i.Label, i.Outcome)).ShouldBe([("Alpha", BulkOutcome.Applied), ("Delta", BulkOutcome.Applied), ("Echo", BulkOutcome.Applied)]);
        var bound = await InDbAsync(db => db.Installations.Where(i => i.ProjectKey == "acme-hr").Select(i => i.Label).OrderBy(l => l).ToListAsync(Ct));
        bound.ShouldBe(["Alpha", "Delta", "Echo"]);

        var again = await RunAsync(new BulkRequest { Action = BulkAction.Move, AccountIds = [_active], ProjectKey = "acme-hr", DryRun = true });
        again.Items.Single().Reason.ShouldBe("Already in project 'acme-hr'.");
    }

    [Fact]
    public async Task Cadence_SetsItAndReschedulesTheNextSync_AndRefusesOutOfRangeNamingTheField()
    {
        await InDbAsync(db => db.Installations.Where(i => i.Id == _active)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.LastSyncAt, Now.AddMinutes(-10)).SetProperty(i => i.NextSyncAt, Now.AddMinutes(5)), Ct));

        var result = await RunAsync(new BulkRequest { Action = BulkAction.Cadence, AccountIds = [_active, _paused], CadenceMinutes = 45 });

        result.Items.ShouldAllBe(i => i.Outcome == BulkOutcome.Applied);
        var (cadence, next) = await InDbAsync(db => db.Installations.Where(i => i.Id == _active).Select(i => new { i.CadenceMinutes, i.NextSyncAt })
            .SingleAsync(Ct)).ContinueWith(t => (t.Result.CadenceMinutes, t.Result.NextSyncAt), TaskScheduler.Default);
        cadence.ShouldBe(45);
        // Last sync 10 minutes ago + 45 minutes: the old 15-minute schedule is gone.
        next.ShouldBe(Now.AddMinutes(35));

        var error = await Should.ThrowAsync<ValidationFailedException>(() =>
            RunAsync(new BulkRequest { Action = BulkAction.Cadence, AccountIds = All, CadenceMinutes = 2, DryRun = true }));
        error.Errors.Keys.ShouldBe(["cadenceMinutes"]);
        var project = await Should.ThrowAsync<ValidationFailedException>(() =>
            RunAsync(new BulkRequest { Action = BulkAction.Move, AccountIds = All, ProjectKey = "no-such-project", DryRun = true }));
        project.Errors.Keys.ShouldBe(["projectKey"]);
    }

    [Fact]
    public async Task AnotherTenantsAccount_IsSkippedAsNotFound_AndNeverTouched()
    {
        var foreign = (await Bed.CreateMailAccountAsync(Bed.Globex, "Foreign")).AccountId;

        var result = await RunAsync(new BulkRequest { Action = BulkAction.Delete, AccountIds = [_active, foreign], DeleteDocuments = true });

        result.Items.Select(i => (i.AccountId, i.Outcome, i.Reason)).ShouldBe([
            (_active, BulkOutcome.Applied, null), (foreign, BulkOutcome.Skipped, "No such account in this tenant.")]);
        await using var scope = Bed.As(Bed.Globex);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContextAsync(Ct);
        (await db.Installations.AnyAsync(i => i.Id == foreign, Ct)).ShouldBeTrue();
    }

    [Fact]
    public async Task OneAccountFailing_IsReportedByName_WhileTheOthersApply()
    {
        // The database refuses any change to Delta's row: a failure no rule predicted.
        await InDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "CREATE TRIGGER refuse_delta BEFORE UPDATE ON ConnectorInstallations WHEN OLD.Label = 'Delta' BEGIN SELECT RAISE(ABORT, 'refused'); END;", Ct));

        var result = await RunAsync(new BulkRequest { Action = BulkAction.Pause, AccountIds = [_active, _syncing, _error] });

        result.Items.Select(i => (i.Label, i.Outcome)).ShouldBe([("Alpha", BulkOutcome.Applied), ("Delta", BulkOutcome.Failed), ("Echo", BulkOutcome.Applied)]);
        result.Items[1].Reason.ShouldBe("Failed unexpectedly; this account was not changed. The server log has the details.");
        result.Items[1].Reason.ShouldNotBeNull().ShouldNotContain("refused");
        (await StatusesAsync())[3].ShouldBe(InstallationStatus.Active);
    }

    [Fact]
    public async Task Members_AreRefused_AndTheRequestMustNameItsAccountsOneWay()
    {
        await using (var member = Bed.As(Bed.Acme, TenantRole.Member))
        {
            await Should.ThrowAsync<AccessDeniedException>(() => member.ServiceProvider.GetRequiredService<AccountBulk>()
                .RunAsync(new BulkRequest { Action = BulkAction.Pause, AccountIds = All, DryRun = true }, Ct));
        }

        var neither = await Should.ThrowAsync<ValidationFailedException>(() => RunAsync(new BulkRequest { Action = BulkAction.Pause }));
        neither.Errors.Keys.ShouldBe(["accountIds"]);
        var tooMany = await Should.ThrowAsync<ValidationFailedException>(() => RunAsync(new BulkRequest
        {
            Action = BulkAction.Pause, AccountIds = [.. Enumerable.Range(0, AccountBulk.MaxAccounts + 1).Select(_ => Guid.NewGuid())], DryRun = true,
        }));
        tooMany.Errors["accountIds"].ShouldContain("at most 5,000");
    }

    [Fact]
    public async Task FiveHundredMatching_PauseAppliesEveryOneThePlanSaid_WithinSeconds()
    {
        await SummarySeed.SeedAsync(Bed, Bed.Acme, 500, Ct, labelPrefix: "Bulk");
        var filter = new AccountTableQuery { Q = "bulk" };
        var plan = await RunAsync(new BulkRequest { Action = BulkAction.Pause, Filter = filter, DryRun = true });
        var willApply = plan.Items.Where(i => i.Outcome == BulkOutcome.WillApply).Select(i => i.AccountId).ToHashSet();

        var watch = Stopwatch.StartNew();
        var paused = await RunAsync(new BulkRequest { Action = BulkAction.Pause, Filter = filter });
        var pauseTime = watch.Elapsed;

        plan.Items.Count.ShouldBe(500);
        paused.Items.Count.ShouldBe(500);
        paused.Items.Where(i => i.Outcome == BulkOutcome.Applied).Select(i => i.AccountId).ToHashSet().SetEquals(willApply).ShouldBeTrue();
        paused.Count(BulkOutcome.Failed).ShouldBe(0);
        var stillActive = await InDbAsync(db => db.Installations.CountAsync(i => i.Label.StartsWith("Bulk") && i.Status == InstallationStatus.Active, Ct));
        stillActive.ShouldBe(0);
        TestContext.Current.TestOutputHelper?.WriteLine($"Bulk pause of {willApply.Count} of 500 accounts: {pauseTime.TotalSeconds:F1} s.");
    }

    private List<Guid> All => [_active, _paused, _pending, _syncing, _error];

    private static List<(string Label, BulkOutcome Outcome, string? Reason)> Outcomes(BulkResult result) =>
        [.. result.Items.Select(i => (i.Label, i.Outcome, i.Reason))];

    private async Task<BulkResult> RunAsync(BulkRequest request)
    {
        await using var scope = Bed.As(Bed.Acme);
        return await scope.ServiceProvider.GetRequiredService<AccountBulk>().RunAsync(request, Ct);
    }

    private async Task<Guid> CreateAsync(string label, InstallationStatus status = InstallationStatus.Active)
    {
        var id = (await Bed.CreateMailAccountAsync(Bed.Acme, label)).AccountId;
        if (status != InstallationStatus.Active)
        {
            await InDbAsync(db => db.Installations.Where(i => i.Id == id).ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, status), Ct));
        }

        return id;
    }

    private Task<List<InstallationStatus>> StatusesAsync() =>
        InDbAsync(db => db.Installations.Where(i => All.Contains(i.Id)).OrderBy(i => i.Label).Select(i => i.Status).ToListAsync(Ct));

    private Task<int> AuditCountAsync() => InDbAsync(db => db.AuditEntries.CountAsync(Ct));

    private async Task<T> InDbAsync<T>(Func<ConnectorsDbContext, Task<T>> work)
    {
        await using var scope = Bed.As(Bed.Acme);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContextAsync(Ct);
        return await work(db);
    }

    private Task InDbAsync(Func<ConnectorsDbContext, Task> work) => InDbAsync(async db =>
    {
        await work(db);
        return 0;
    });
}
