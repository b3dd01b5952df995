using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using Connectors.Domain.Sync;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Sync;

public sealed class SyncHistoryTests : TestBedTests
{
    private Guid _account;

    protected override async Task SeedAsync()
    {
        _account = (await Bed.CreateMailAccountAsync(Bed.Acme, "Support")).AccountId;
    }

    [Fact]
    public async Task ListAsync_TwelveRunsPagesOfFive_ReturnsPagesAndTotal()
    {
        await AddRunsAsync(12);
        await using var scope = Bed.As(Bed.Acme);
        var history = scope.ServiceProvider.GetRequiredService<SyncHistory>();

        var pages = new[]
        {
            await history.ListAsync(_account, 0, 5, Ct),
            await history.ListAsync(_account, 1, 5, Ct),
            await history.ListAsync(_account, 2, 5, Ct),
        };

        pages.Select(p => p.Items.Count).ShouldBe([5, 5, 2]);
        pages.ShouldAllBe(p => p.Total == 12 && p.PageCount == 3);
        pages.SelectMany(p => p.Items).Select(r => r.Id).Distinct().Count().ShouldBe(12);
    }

    [Fact]
    public async Task ListAsync_PageBeyondTheEnd_IsEmptyWithTheTotal()
    {
        await AddRunsAsync(3);
        await using var scope = Bed.As(Bed.Acme);

        var page = await scope.ServiceProvider.GetRequiredService<SyncHistory>().ListAsync(_account, 4, 10, Ct);

        page.Items.ShouldBeEmpty();
        page.Total.ShouldBe(3);
    }

    [Fact]
    public async Task ListAsync_Runs_NewestFirst()
    {
        await AddRunsAsync(4);
        await using var scope = Bed.As(Bed.Acme);

        var page = await scope.ServiceProvider.GetRequiredService<SyncHistory>().ListAsync(_account, 0, 10, Ct);

        page.Items.Select(r => r.QueuedAt).ShouldBe(page.Items.Select(r => r.QueuedAt).OrderByDescending(t => t));
        page.Items[0].Seen.ShouldBe(3);
        page.Items[^1].Seen.ShouldBe(0);
    }

    [Fact]
    public async Task ListAsync_FinishedRun_CarriesCountsDurationAndError()
    {
        await using (var scope = Bed.As(Bed.Acme))
        {
            await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
            var at = Bed.Clock.GetUtcNow().UtcDateTime;
            db.SyncRuns.Add(new SyncRun
            {
                InstallationId = _account, Trigger = SyncTrigger.Manual, Kind = SyncKind.Full, Status = SyncRunStatus.Failed,
                QueuedAt = at, StartedAt = at, FinishedAt = at.AddSeconds(42), Seen = 9, Added = 4, Updated = 3, Removed = 1, Failed = 1,
                ErrorCategory = SyncErrorCategory.Transient, ErrorMessage = "Server went away.",
            });
            await db.SaveChangesAsync(Ct);
        }

        await using var reader = Bed.As(Bed.Acme);
        var run = (await reader.ServiceProvider.GetRequiredService<SyncHistory>().ListAsync(_account, 0, 10, Ct)).Items.Single();

        (run.Seen, run.Added, run.Updated, run.Removed, run.Failed).ShouldBe((9, 4, 3, 1, 1));
        run.Duration.ShouldBe(TimeSpan.FromSeconds(42));
        run.ErrorCategory.ShouldBe(SyncErrorCategory.Transient);
        run.ErrorMessage.ShouldBe("Server went away.");
    }

    [Fact]
    public async Task ListAsync_RunsOfTheRunner_AreListed()
    {
        await using var scope = Bed.As(Bed.Acme);
        var run = await scope.ServiceProvider.GetRequiredService<SyncRunner>().RunAsync(_account, SyncTrigger.Manual, Ct);

        var page = await scope.ServiceProvider.GetRequiredService<SyncHistory>().ListAsync(_account, 0, 10, Ct);

        page.Items.Single().Id.ShouldBe(run.Id);
        page.Items.Single().Status.ShouldBe(SyncRunStatus.Succeeded);
        page.Items.Single().Trigger.ShouldBe(SyncTrigger.Manual);
    }

    [Fact]
    public async Task ListAsync_OtherTenantsAccount_ThrowsNotFound()
    {
        await AddRunsAsync(2);
        await using var scope = Bed.As(Bed.Globex);

        await Should.ThrowAsync<NotFoundException>(() => scope.ServiceProvider.GetRequiredService<SyncHistory>().ListAsync(_account, 0, 10, Ct));
    }

    [Fact]
    public async Task ListAsync_UnknownAccount_ThrowsNotFound()
    {
        await using var scope = Bed.As(Bed.Acme);

        await Should.ThrowAsync<NotFoundException>(() => scope.ServiceProvider.GetRequiredService<SyncHistory>().ListAsync(Guid.NewGuid(), 0, 10, Ct));
    }

    [Fact]
    public async Task ListAsync_TenantAdminWithoutManageRight_IsAllowed()
    {
        await AddRunsAsync(2);
        await using var scope = Bed.As(Bed.Acme, TenantRole.Admin, "viewer");

        var page = await scope.ServiceProvider.GetRequiredService<SyncHistory>().ListAsync(_account, 0, 10, Ct);

        page.Total.ShouldBe(2);
    }

    [Fact]
    public async Task ListAsync_Member_IsDenied()
    {
        await using var scope = Bed.As(Bed.Acme, TenantRole.Member, "member");

        await Should.ThrowAsync<AccessDeniedException>(() => scope.ServiceProvider.GetRequiredService<SyncHistory>().ListAsync(_account, 0, 10, Ct));
    }

    [Theory]
    [InlineData(-1, 10, "page")]
    [InlineData(0, 0, "pageSize")]
    [InlineData(0, 101, "pageSize")]
    [InlineData(int.MaxValue, 10, "page")]
    public async Task ListAsync_OutOfRange_NamesTheParameter(int page, int pageSize, string field)
    {
        await using var scope = Bed.As(Bed.Acme);

        var error = await Should.ThrowAsync<ValidationFailedException>(
            () => scope.ServiceProvider.GetRequiredService<SyncHistory>().ListAsync(_account, page, pageSize, Ct));

        error.Errors.Keys.ShouldBe([field]);
    }

    [Fact]
    public async Task RecentFinishedAsync_MoreRunsThanAsked_LatestOnesOldestFirst()
    {
        await AddRunsAsync(12);
        await using var scope = Bed.As(Bed.Acme);

        var runs = await scope.ServiceProvider.GetRequiredService<SyncHistory>().RecentFinishedAsync(_account, 5, Ct);

        runs.Select(r => r.Seen).ShouldBe([7, 8, 9, 10, 11]);
        runs.ShouldAllBe(r => r.Duration == TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task RecentFinishedAsync_QueuedAndRunningRuns_AreLeftOut()
    {
        await AddRunsAsync(2);
        await using (var scope = Bed.As(Bed.Acme))
        {
            await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
            var at = Bed.Clock.GetUtcNow().UtcDateTime.AddHours(1);
            db.SyncRuns.Add(new SyncRun
            {
                InstallationId = _account, Trigger = SyncTrigger.Manual, Kind = SyncKind.Incremental, Status = SyncRunStatus.Running,
                QueuedAt = at, StartedAt = at, Seen = 99,
            });
            await db.SaveChangesAsync(Ct);
        }

        await using var reader = Bed.As(Bed.Acme);
        var runs = await reader.ServiceProvider.GetRequiredService<SyncHistory>().RecentFinishedAsync(_account, 30, Ct);

        runs.Select(r => r.Seen).ShouldBe([0, 1]);
    }

    [Fact]
    public async Task RecentFinishedAsync_NoRuns_IsEmpty()
    {
        await using var scope = Bed.As(Bed.Acme);

        (await scope.ServiceProvider.GetRequiredService<SyncHistory>().RecentFinishedAsync(_account, 30, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RecentFinishedAsync_OtherTenantsAccount_ThrowsNotFound()
    {
        await AddRunsAsync(2);
        await using var scope = Bed.As(Bed.Globex);

        await Should.ThrowAsync<NotFoundException>(() => scope.ServiceProvider.GetRequiredService<SyncHistory>().RecentFinishedAsync(_account, 30, Ct));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task RecentFinishedAsync_CountOutOfRange_NamesTheCount(int count)
    {
        await using var scope = Bed.As(Bed.Acme);

        var error = await Should.ThrowAsync<ValidationFailedException>(
            () => scope.ServiceProvider.GetRequiredService<SyncHistory>().RecentFinishedAsync(_account, count, Ct));

        error.Errors.Keys.ShouldBe(["count"]);
    }

    /// <summary>Adds finished runs one minute apart; run i has i documents seen, so order is checkable.</summary>
    private async Task AddRunsAsync(int count)
    {
        await using var scope = Bed.As(Bed.Acme);
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        var start = Bed.Clock.GetUtcNow().UtcDateTime;
        // Inserted out of order, so "newest first" cannot come from insertion order.
        foreach (var i in Enumerable.Range(0, count).OrderBy(i => (i * 7) % count))
        {
            var at = start.AddMinutes(i);
            db.SyncRuns.Add(new SyncRun
            {
                InstallationId = _account, Trigger = SyncTrigger.Schedule, Kind = SyncKind.Incremental, Status = SyncRunStatus.Succeeded,
                QueuedAt = at, StartedAt = at, FinishedAt = at.AddSeconds(5), Seen = i,
            });
        }

        await db.SaveChangesAsync(Ct);
    }
}
