using Connectors.Domain.Accounts;
using Connectors.Domain.Data;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Connectors.Tests.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Installations;

/// <summary>The tenant's health (issue 15, item 1): accounts by status, stale and failing counts, and what needs
/// attention — worst first, each with why in full and the one action that fixes it.</summary>
public sealed class TenantHealthTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Mail = TestMailConnector.ConnectorKey;

    [Fact]
    public async Task Report_ListsWhatNeedsAttentionWorstFirst_WithWhyAndTheFix()
    {
        await using var bed = await ConnectorsTestBed.CreateAsync();
        var now = bed.Clock.GetUtcNow().UtcDateTime;
        await AddAsync(bed, "Sales", InstallationStatus.Error, error: "Stopped after 5 failed syncs: the server closed the connection every time, a long explanation that is not cut.");
        await AddAsync(bed, "Billing", InstallationStatus.NeedsReconnect, error: "The mail server refused the password.");
        await AddAsync(bed, "Payroll", InstallationStatus.Pending);
        await AddAsync(bed, "Support", InstallationStatus.Active, lastSuccess: now.AddHours(-2));
        var flaky = await AddAsync(bed, "Flaky", InstallationStatus.Active, lastSuccess: now.AddMinutes(-10), failures: 2);
        await AddRunAsync(bed, flaky, now.AddMinutes(-3), "The mail server did not answer in time.");
        await AddAsync(bed, "Fine", InstallationStatus.Active, lastSuccess: now.AddMinutes(-5));
        await AddAsync(bed, "Holiday", InstallationStatus.Paused, lastSuccess: now.AddDays(-30));

        var report = await ReportAsync(bed);

        report.Attention.Select(a => (a.Row.Account.Label, a.Reason, a.Fix)).ShouldBe([
            ("Sales", AttentionReason.Error, AttentionFix.Resume),
            ("Billing", AttentionReason.NeedsReconnect, AttentionFix.Reconnect),
            ("Flaky", AttentionReason.Failing, AttentionFix.RetrySync),
            ("Support", AttentionReason.Stale, AttentionFix.RetrySync),
            ("Payroll", AttentionReason.Pending, AttentionFix.Continue)]);
        report.Attention[0].Why.ShouldBe("Stopped after 5 failed syncs: the server closed the connection every time, a long explanation that is not cut.");
        report.Attention[1].Why.ShouldBe("The mail server refused the password.");
        report.Attention[2].Why.ShouldBe("The last 2 syncs failed: The mail server did not answer in time. It retries on its own and stops after five failures in a row.");
        report.Attention[3].Why.ShouldBe($"No successful sync since {now.AddHours(-2):yyyy-MM-dd HH:mm} UTC, though it should sync every 15 minutes.");
        report.Attention[4].Why.ShouldBe("Connecting was started but not finished.");
        (report.AttentionCount, report.Stale, report.Failing, report.Total).ShouldBe((5, 1, 1, 7));
        report.ByStatus[InstallationStatus.Active].ShouldBe(3);
        report.ByStatus[InstallationStatus.Paused].ShouldBe(1);
        (await AttentionCountAsync(bed)).ShouldBe(5);
    }

    [Fact]
    public async Task Report_AnAccountWithHeldRemovals_NeedsAReview_AfterTheFailingOnes()
    {
        await using var bed = await ConnectorsTestBed.CreateAsync();
        var now = bed.Clock.GetUtcNow().UtcDateTime;
        var held = await AddAsync(bed, "Wiki", InstallationStatus.Active, lastSuccess: now.AddMinutes(-5));
        await AddAsync(bed, "Support", InstallationStatus.Active, lastSuccess: now.AddHours(-2));
        await InScopeAsync(bed, bed.Acme, db =>
        {
            var documents = Enumerable.Range(1, 3).Select(n => new Domain.Documents.Document
            {
                TenantId = bed.Acme, InstallationId = held, ConnectorKey = Mail, ExternalId = $"m-{n}", ProjectKey = "default", Title = $"M {n}", ContentHash = "h",
            }).ToList();
            db.Documents.AddRange(documents);
            db.HeldRemovals.AddRange(documents.Select(d => new Domain.Documents.HeldRemoval { TenantId = bed.Acme, InstallationId = held, DocumentId = d.Id, HeldAt = now }));
            return db.SaveChangesAsync(Ct);
        });

        var report = await ReportAsync(bed);

        report.Attention.Select(a => (a.Row.Account.Label, a.Reason, a.Fix)).ShouldBe([
            ("Wiki", AttentionReason.Held, AttentionFix.Review),
            ("Support", AttentionReason.Stale, AttentionFix.RetrySync)]);
        report.Attention[0].Why.ShouldStartWith("A sync found 3 document(s) gone at once");
        (await AttentionCountAsync(bed)).ShouldBe(2);
    }

    [Fact]
    public async Task Report_NothingNeedingAttention_IsAnEmptyList_AndOtherTenantsDoNotCount()
    {
        await using var bed = await ConnectorsTestBed.CreateAsync();
        await AddAsync(bed, "Fine", InstallationStatus.Active, lastSuccess: bed.Clock.GetUtcNow().UtcDateTime);
        await AddAsync(bed, "Broken elsewhere", InstallationStatus.Error, tenant: bed.Globex);

        var report = await ReportAsync(bed);

        report.Attention.ShouldBeEmpty();
        (report.AttentionCount, report.Total).ShouldBe((0, 1));
    }

    [Fact]
    public async Task Report_TenThenThousandAccounts_SendsTheSameSqlCommands_AndListsAtMostTheLimit()
    {
        var capture = new CommandCapture();
        await using var bed = await SummaryBenchmark.CreateBedAsync(capture, productionLogging: false);
        await SummarySeed.SeedAsync(bed, bed.Acme, 10, Ct);
        var small = await CountAsync(bed, capture);
        await SummarySeed.SeedAsync(bed, bed.Acme, 990, Ct, labelPrefix: "More");
        var large = await CountAsync(bed, capture);
        var report = await ReportAsync(bed);

        TestContext.Current.TestOutputHelper?.WriteLine($"SQL commands: report {small.Report}, badge {small.Badge} at 10 accounts; {large.Report}, {large.Badge} at 1,000.");
        large.ShouldBe(small);
        // Status counts, stale, failing, attention count, the listed accounts, their newest runs and further projects, the tenant default.
        small.ShouldBe((8, 1));
        report.Attention.Count.ShouldBe(TenantHealth.ListLimit);
        report.AttentionCount.ShouldBeGreaterThan(TenantHealth.ListLimit);
    }

    private static async Task<(int Report, int Badge)> CountAsync(ConnectorsTestBed bed, CommandCapture capture)
    {
        await ReportAsync(bed);
        capture.Clear();
        capture.Recording = true;
        await ReportAsync(bed);
        var report = capture.Commands.Count;
        capture.Clear();
        await AttentionCountAsync(bed);
        capture.Recording = false;
        return (report, capture.Commands.Count);
    }

    private static async Task<TenantHealthReport> ReportAsync(ConnectorsTestBed bed)
    {
        await using var scope = bed.As(bed.Acme, TenantRole.Admin);
        return await scope.ServiceProvider.GetRequiredService<TenantHealth>().ReportAsync(Ct);
    }

    private static async Task<int> AttentionCountAsync(ConnectorsTestBed bed)
    {
        await using var scope = bed.As(bed.Acme, TenantRole.Admin);
        return await scope.ServiceProvider.GetRequiredService<TenantHealth>().AttentionCountAsync(Ct);
    }

    private static async Task<Guid> AddAsync(
        ConnectorsTestBed bed, string label, InstallationStatus status, DateTime? lastSuccess = null, string? error = null, int failures = 0, Guid? tenant = null)
    {
        var now = bed.Clock.GetUtcNow().UtcDateTime;
        var account = new ConnectorInstallation
        {
            TenantId = tenant ?? bed.Acme, ConnectorKey = Mail, Status = status, LastSuccessAt = lastSuccess, LastSyncAt = lastSuccess,
            ConsecutiveFailures = failures, ErrorJson = error is null ? null : new AccountError(error, "auth", now).ToJson(), UpdatedAt = now,
            NextSyncAt = status == InstallationStatus.Active ? now.AddMinutes(5) : null,
        };
        account.Rename(label);
        await InScopeAsync(bed, account.TenantId, db =>
        {
            db.Installations.Add(account);
            return db.SaveChangesAsync(Ct);
        });
        return account.Id;
    }

    private static Task AddRunAsync(ConnectorsTestBed bed, Guid accountId, DateTime at, string error) =>
        InScopeAsync(bed, bed.Acme, db =>
        {
            db.SyncRuns.Add(new SyncRun
            {
                InstallationId = accountId, TenantId = bed.Acme, Status = SyncRunStatus.Failed, QueuedAt = at, StartedAt = at, FinishedAt = at.AddSeconds(5),
                ErrorMessage = error,
            });
            return db.SaveChangesAsync(Ct);
        });

    private static async Task InScopeAsync(ConnectorsTestBed bed, Guid tenantId, Func<ConnectorsDbContext, Task> work)
    {
        await using var scope = bed.As(tenantId);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContextAsync(Ct);
        await work(db);
    }
}
