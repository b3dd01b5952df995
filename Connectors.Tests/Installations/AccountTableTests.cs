using Connectors.Domain.Accounts;
using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Connectors.Tests.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Installations;

/// <summary>The accounts table across connectors (issue 15, item 2): search, filters, order and paging run in the
/// database, over the real SQLite schema, for the current tenant only.</summary>
public sealed class AccountTableTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Mail = TestMailConnector.ConnectorKey;
    private const string Drive = TestDriveConnector.ConnectorKey;

    [Fact]
    public async Task SearchAsync_Text_MatchesLabelConnectorNameAndProjectNameCaseInsensitively()
    {
        await using var bed = await ConnectorsTestBed.CreateAsync();
        await SeedAsync(bed);
        await RenameProjectAsync(bed, "acme-hr", "Human Resources");

        (await LabelsAsync(bed, new AccountTableQuery { Q = "SUPPORT" })).ShouldBe(["Support", "Support-archive"]);
        (await LabelsAsync(bed, new AccountTableQuery { Q = "test drive" })).ShouldBe(["Design files", "Shared drive"]);
        // "human" is in acme-hr's name: the account bound to it, not the ones inheriting the tenant default ("default").
        (await LabelsAsync(bed, new AccountTableQuery { Q = "human" })).ShouldBe(["Payroll"]);
        // The tenant default's key matches every account that inherits it and has no legacy binding.
        (await LabelsAsync(bed, new AccountTableQuery { Q = "defau" })).ShouldBe(["Billing", "Design files", "Onboarding", "Sales", "Shared drive", "Support", "Support-archive"]);
        (await LabelsAsync(bed, new AccountTableQuery { Q = "nothing like it" })).ShouldBeEmpty();
    }

    [Fact]
    public async Task SearchAsync_StatusConnectorAndProjectFilters_Combine()
    {
        await using var bed = await ConnectorsTestBed.CreateAsync();
        await SeedAsync(bed);

        (await LabelsAsync(bed, new AccountTableQuery { Statuses = [InstallationStatus.Error, InstallationStatus.NeedsReconnect] }))
            .ShouldBe(["Billing", "Sales"]);
        (await LabelsAsync(bed, new AccountTableQuery { Connector = Drive })).ShouldBe(["Design files", "Shared drive"]);
        (await LabelsAsync(bed, new AccountTableQuery { Connector = Drive, Statuses = [InstallationStatus.Paused] })).ShouldBe(["Design files"]);
        // acme-hr: bound explicitly (Payroll) or through the legacy settings key (Legacy HR); the tenant default is "default".
        (await LabelsAsync(bed, new AccountTableQuery { Project = "acme-hr" })).ShouldBe(["Legacy HR", "Payroll"]);
        (await LabelsAsync(bed, new AccountTableQuery { Project = "default" }))
            .ShouldBe(["Billing", "Design files", "Onboarding", "Sales", "Shared drive", "Support", "Support-archive"]);
    }

    [Fact]
    public async Task SearchAsync_StaleOnly_AgreesWithTheRuleInMemoryForEveryAccount()
    {
        await using var bed = await ConnectorsTestBed.CreateAsync(new Dictionary<string, string?>
        {
            ["Connectors:PerConnectorCadence:" + Drive] = "60",
        });
        await SeedAsync(bed);

        var all = await SearchAsync(bed, new AccountTableQuery { PageSize = AccountTableQuery.MaxPageSize });
        var stale = await LabelsAsync(bed, new AccountTableQuery { StaleOnly = true });

        // Support: 15-min default, last success 31 min ago → stale. Shared drive: 60-min connector cadence, 100 min ago → not.
        // Support-archive: own 240-min cadence, 7 h ago → not. Onboarding never succeeded, created 2 days ago → stale.
        // Sales (Error, 3 days) and Design files (Paused, 10 days) are not stale: only Active accounts are expected to sync.
        stale.ShouldBe(["Onboarding", "Support"]);
        all.Rows.Where(r => r.IsStale).Select(r => r.Account.Label).Order(StringComparer.Ordinal).ShouldBe(stale);
        var now = bed.Clock.GetUtcNow().UtcDateTime;
        all.Rows.ShouldAllBe(r => r.IsStale == AccountStaleness.IsStale(r.Account, now));
    }

    [Fact]
    public async Task SearchAsync_Sorts_StatusWorstFirstThenLabel_AndNextSyncUnscheduledLast()
    {
        await using var bed = await ConnectorsTestBed.CreateAsync();
        await SeedAsync(bed);

        var byStatus = await SearchAsync(bed, new AccountTableQuery { Sort = AccountSort.Status });
        byStatus.Rows.Select(r => r.Account.Status).ShouldBe(
            [InstallationStatus.Error, InstallationStatus.NeedsReconnect, InstallationStatus.Pending,
             InstallationStatus.Active, InstallationStatus.Active, InstallationStatus.Active, InstallationStatus.Active,
             InstallationStatus.Active, InstallationStatus.Paused]);
        byStatus.Rows.Where(r => r.Account.Status == InstallationStatus.Active).Select(r => r.Account.Label)
            .ShouldBe(["Legacy HR", "Onboarding", "Shared drive", "Support", "Support-archive"]);

        var byNextSync = await SearchAsync(bed, new AccountTableQuery { Sort = AccountSort.NextSync });
        var scheduled = byNextSync.Rows.TakeWhile(r => r.Account.NextSyncAt is not null).Select(r => r.Account.NextSyncAt!.Value).ToList();
        scheduled.ShouldBe(scheduled.Order().ToList());
        byNextSync.Rows.Skip(scheduled.Count).ShouldAllBe(r => r.Account.NextSyncAt == null);

        var byLabelDescending = await LabelsInOrderAsync(bed, new AccountTableQuery { Descending = true });
        byLabelDescending.ShouldBe(byLabelDescending.OrderDescending(StringComparer.OrdinalIgnoreCase).ToList());
    }

    [Fact]
    public async Task SearchAsync_SortsByLastOutcome_WorstNewestRunFirst_NeverRunLast()
    {
        await using var bed = await ConnectorsTestBed.CreateAsync();
        await SeedAsync(bed);
        var now = bed.Clock.GetUtcNow().UtcDateTime;
        var ids = (await SearchAsync(bed, new AccountTableQuery { PageSize = 50 })).Rows.ToDictionary(r => r.Account.Label, r => r.Account.Id);
        // Sales failed last after an older success; Billing succeeded last after an older failure: only the newest run counts.
        await AddRunAsync(bed, ids["Sales"], now.AddHours(-5));
        await AddRunAsync(bed, ids["Sales"], now.AddHours(-2), Domain.Sync.SyncRunStatus.Failed);
        await AddRunAsync(bed, ids["Billing"], now.AddHours(-5), Domain.Sync.SyncRunStatus.Failed);
        await AddRunAsync(bed, ids["Billing"], now.AddHours(-2));
        await AddRunAsync(bed, ids["Legacy HR"], now.AddMinutes(-5), Domain.Sync.SyncRunStatus.PartiallySucceeded);

        var worstFirst = await LabelsInOrderAsync(bed, new AccountTableQuery { Sort = AccountSort.LastOutcome });
        // Failed, partly succeeded, then the two succeeded by label, then the five never run by label.
        worstFirst.ShouldBe(["Sales", "Legacy HR", "Billing", "Support", "Design files", "Onboarding", "Payroll", "Shared drive", "Support-archive"]);
        var bestFirst = await LabelsInOrderAsync(bed, new AccountTableQuery { Sort = AccountSort.LastOutcome, Descending = true });
        bestFirst.Take(4).ShouldBe(["Design files", "Onboarding", "Payroll", "Shared drive"]);
        bestFirst.TakeLast(2).ShouldBe(["Legacy HR", "Sales"]);
        var parsed = AccountTableQuery.Parse(name => name == "sort" ? ["-last-outcome"] : []);
        (parsed.Sort, parsed.Descending).ShouldBe((AccountSort.LastOutcome, true));
    }

    [Fact]
    public async Task SearchAsync_Pages_CoverEveryMatchOnceAndClampAPageBeyondTheEnd()
    {
        await using var bed = await ConnectorsTestBed.CreateAsync();
        await SeedAsync(bed);

        var pages = new List<AccountTablePage>();
        for (var page = 1; page <= 3; page++)
        {
            pages.Add(await SearchAsync(bed, new AccountTableQuery { Sort = AccountSort.LastSync, PageSize = 4, Page = page }));
        }

        pages.ShouldAllBe(p => p.Total == 9 && p.PageCount == 3);
        pages.Select(p => p.Rows.Count).ShouldBe([4, 4, 1]);
        pages.SelectMany(p => p.Rows.Select(r => r.Account.Id)).Distinct().Count().ShouldBe(9);
        var beyond = await SearchAsync(bed, new AccountTableQuery { PageSize = 4, Page = 40 });
        (beyond.Page, beyond.Rows.Count).ShouldBe((3, 1));
    }

    [Fact]
    public async Task SearchAsync_RowsCarryConnectorNameResolvedProjectAndNewestRun_AndNeverAnotherTenantsAccounts()
    {
        await using var bed = await ConnectorsTestBed.CreateAsync();
        await SeedAsync(bed);
        await AddAsync(bed, bed.Globex, Mail, "Support", InstallationStatus.Active);

        var page = await SearchAsync(bed, new AccountTableQuery { Q = "support" });
        var support = page.Rows.Single(r => r.Account.Label == "Support");
        support.ConnectorName.ShouldBe("Test mail");
        support.Account.ResolvedProjectKey.ShouldBe("default");
        support.Account.LastRun.ShouldNotBeNull().Status.ShouldBe(Domain.Sync.SyncRunStatus.Succeeded);
        page.Rows.Single(r => r.Account.Label == "Support-archive").Account.LastRun.ShouldBeNull();
        page.Total.ShouldBe(2);
    }

    [Fact]
    public async Task SearchAsync_WithoutTheViewRight_IsRefused()
    {
        await using var bed = await ConnectorsTestBed.CreateAsync();
        await using var scope = bed.Database.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(bed.Acme);

        await Should.ThrowAsync<AccessDeniedException>(() => scope.ServiceProvider.GetRequiredService<AccountTable>().SearchAsync(new AccountTableQuery(), Ct));
    }

    [Fact]
    public async Task SearchAsync_TenThenThousandAccounts_SendsTheSameSqlCommands()
    {
        var capture = new CommandCapture();
        await using var bed = await SummaryBenchmark.CreateBedAsync(capture, productionLogging: false);
        await SummarySeed.SeedAsync(bed, bed.Acme, 10, Ct);
        var queries = new[]
        {
            new AccountTableQuery(),
            new AccountTableQuery { Q = "seed 0000", Statuses = [InstallationStatus.Active, InstallationStatus.Error], Sort = AccountSort.Status },
            new AccountTableQuery { StaleOnly = true, Sort = AccountSort.LastSync },
            new AccountTableQuery { Project = "default", Connector = Mail, Sort = AccountSort.NextSync, Descending = true, Page = 2, PageSize = 5 },
        };
        var small = new List<int>();
        foreach (var query in queries)
        {
            small.Add(await CountCommandsAsync(bed, capture, query));
        }

        await SummarySeed.SeedAsync(bed, bed.Acme, 990, Ct, labelPrefix: "More");
        var large = new List<int>();
        foreach (var query in queries)
        {
            large.Add(await CountCommandsAsync(bed, capture, query));
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"SQL commands per page: {string.Join(", ", small)} at 10 accounts, {string.Join(", ", large)} at 1,000.");
        large.ShouldBe(small);
        // Default project, count, rows, newest runs, further projects; and the tenant's projects when there is search text.
        small.ShouldBe([5, 6, 5, 5]);
    }

    private static async Task<int> CountCommandsAsync(ConnectorsTestBed bed, CommandCapture capture, AccountTableQuery query)
    {
        await SearchAsync(bed, query);
        capture.Clear();
        capture.Recording = true;
        try
        {
            await SearchAsync(bed, query);
        }
        finally
        {
            capture.Recording = false;
        }

        return capture.Commands.Count;
    }

    private static async Task<AccountTablePage> SearchAsync(ConnectorsTestBed bed, AccountTableQuery query)
    {
        await using var scope = bed.As(bed.Acme, TenantRole.Admin);
        return await scope.ServiceProvider.GetRequiredService<AccountTable>().SearchAsync(query, Ct);
    }

    private static async Task<List<string>> LabelsAsync(ConnectorsTestBed bed, AccountTableQuery query) =>
        (await SearchAsync(bed, query with { PageSize = AccountTableQuery.MaxPageSize })).Rows.Select(r => r.Account.Label).Order(StringComparer.Ordinal).ToList();

    private static async Task<List<string>> LabelsInOrderAsync(ConnectorsTestBed bed, AccountTableQuery query) =>
        (await SearchAsync(bed, query with { PageSize = AccountTableQuery.MaxPageSize })).Rows.Select(r => r.Account.Label).ToList();

    /// <summary>Nine accounts of Acme in five states over two connectors, bound, inheriting or legacy-bound.</summary>
    private static async Task SeedAsync(ConnectorsTestBed bed)
    {
        var now = bed.Clock.GetUtcNow().UtcDateTime;
        var support = await AddAsync(bed, bed.Acme, Mail, "Support", InstallationStatus.Active, lastSuccess: now.AddMinutes(-31), next: now.AddMinutes(3));
        await AddRunAsync(bed, support, now.AddMinutes(-31));
        await AddAsync(bed, bed.Acme, Mail, "Support-archive", InstallationStatus.Active, cadence: 240, lastSuccess: now.AddHours(-7), next: now.AddMinutes(1));
        await AddAsync(bed, bed.Acme, Mail, "Sales", InstallationStatus.Error, lastSuccess: now.AddDays(-3));
        await AddAsync(bed, bed.Acme, Mail, "Billing", InstallationStatus.NeedsReconnect, lastSuccess: now.AddDays(-1));
        await AddAsync(bed, bed.Acme, Mail, "Payroll", InstallationStatus.Pending, project: "acme-hr");
        await AddAsync(bed, bed.Acme, Mail, "Legacy HR", InstallationStatus.Active, config: "{\"host\":\"imap.acme.test\",\"project_key\":\"acme-hr\"}",
            lastSuccess: now.AddMinutes(-5), next: now.AddMinutes(10));
        await AddAsync(bed, bed.Acme, Drive, "Shared drive", InstallationStatus.Active, lastSuccess: now.AddMinutes(-100), next: now.AddMinutes(20));
        await AddAsync(bed, bed.Acme, Drive, "Design files", InstallationStatus.Paused, lastSuccess: now.AddDays(-10));
        // Active, created two days ago and never succeeded: the never-succeeded half of the staleness rule.
        await AddAsync(bed, bed.Acme, Mail, "Onboarding", InstallationStatus.Active, next: now.AddMinutes(30));
        // Saving stamps CreatedAt with the clock; backdate it afterwards.
        await InScopeAsync(bed, bed.Acme, db => db.Installations.Where(i => i.Label == "Onboarding")
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.CreatedAt, now.AddDays(-2)), Ct));
    }

    private static async Task<Guid> AddAsync(
        ConnectorsTestBed bed, Guid tenantId, string connector, string label, InstallationStatus status, int? cadence = null,
        DateTime? lastSuccess = null, DateTime? next = null, string? project = null, string config = "{\"host\":\"imap.acme.test\"}")
    {
        var now = bed.Clock.GetUtcNow().UtcDateTime;
        var account = new ConnectorInstallation
        {
            TenantId = tenantId, ConnectorKey = connector, Status = status, CadenceMinutes = cadence, LastSuccessAt = lastSuccess,
            LastSyncAt = lastSuccess, NextSyncAt = next, ProjectKey = project, ConfigJson = config, UpdatedAt = now,
        };
        account.Rename(label);
        await InScopeAsync(bed, tenantId, db =>
        {
            db.Installations.Add(account);
            return db.SaveChangesAsync(Ct);
        });
        return account.Id;
    }

    private static async Task AddRunAsync(ConnectorsTestBed bed, Guid accountId, DateTime at,
        Domain.Sync.SyncRunStatus status = Domain.Sync.SyncRunStatus.Succeeded)
    {
        await InScopeAsync(bed, bed.Acme, db =>
        {
            db.SyncRuns.Add(new Domain.Sync.SyncRun
            {
                InstallationId = accountId, TenantId = bed.Acme, Status = status, QueuedAt = at,
                StartedAt = at, FinishedAt = at.AddSeconds(20), Added = 4,
            });
            return db.SaveChangesAsync(Ct);
        });
    }

    private static async Task RenameProjectAsync(ConnectorsTestBed bed, string key, string name)
    {
        await InScopeAsync(bed, bed.Acme, db => db.Projects.Where(p => p.Key == key).ExecuteUpdateAsync(s => s.SetProperty(p => p.Name, name), Ct));
    }

    private static async Task InScopeAsync(ConnectorsTestBed bed, Guid tenantId, Func<ConnectorsDbContext, Task> work)
    {
        await using var scope = bed.As(tenantId);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContextAsync(Ct);
        await work(db);
    }
}
