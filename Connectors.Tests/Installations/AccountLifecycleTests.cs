using Connectors.Domain.Accounts;
using Connectors.Domain.Connectors;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;
using Connectors.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Installations;

public sealed class AccountLifecycleTests : TestBedTests
{
    private Guid _account;

    protected override async Task SeedAsync()
    {
        _account = (await Bed.CreateMailAccountAsync(Bed.Acme, "Support")).AccountId;
    }

    [Fact]
    public async Task PauseAsync_ActiveAccount_StopsSchedulingIt()
    {
        await using var scope = Bed.As(Bed.Acme);
        var lifecycle = scope.ServiceProvider.GetRequiredService<AccountLifecycle>();
        var queries = scope.ServiceProvider.GetRequiredService<AccountQueries>();

        await lifecycle.PauseAsync(_account, Ct);

        var account = await queries.GetAccountAsync(_account, Ct);
        account.Status.ShouldBe(InstallationStatus.Paused);
        account.NextSyncAt.ShouldBeNull();
        (await Should.ThrowAsync<ValidationFailedException>(() => lifecycle.SyncNowAsync(_account, Ct))).Errors["status"].ShouldContain("Paused");
    }

    [Fact]
    public async Task ResumeAsync_PausedAccount_IsActiveAndDueNow()
    {
        await using var scope = Bed.As(Bed.Acme);
        var lifecycle = scope.ServiceProvider.GetRequiredService<AccountLifecycle>();
        var queries = scope.ServiceProvider.GetRequiredService<AccountQueries>();
        await lifecycle.PauseAsync(_account, Ct);

        await lifecycle.ResumeAsync(_account, Ct);

        var account = await queries.GetAccountAsync(_account, Ct);
        account.Status.ShouldBe(InstallationStatus.Active);
        account.NextSyncAt.ShouldBe(Bed.Clock.GetUtcNow().UtcDateTime);
    }

    [Fact]
    public async Task ResumeAsync_ActiveAccount_IsRejected()
    {
        await using var scope = Bed.As(Bed.Acme);

        var error = await Should.ThrowAsync<ValidationFailedException>(
            () => scope.ServiceProvider.GetRequiredService<AccountLifecycle>().ResumeAsync(_account, Ct));

        error.Errors["status"].ShouldContain("cannot be resumed");
    }

    [Fact]
    public async Task SyncNowAsync_Twice_SecondSaysAlreadySyncing()
    {
        await using var scope = Bed.As(Bed.Acme);
        var lifecycle = scope.ServiceProvider.GetRequiredService<AccountLifecycle>();
        var queries = scope.ServiceProvider.GetRequiredService<AccountQueries>();

        await lifecycle.SyncNowAsync(_account, Ct);
        var error = await Should.ThrowAsync<ValidationFailedException>(() => lifecycle.SyncNowAsync(_account, Ct));

        error.Errors["account"].ShouldBe("'Support' is already syncing.");
        var account = await queries.GetAccountAsync(_account, Ct);
        account.LastRun!.Status.ShouldBe(SyncRunStatus.Queued);
        var listed = (await queries.GetSummaryAsync(Ct)).SelectMany(c => c.Accounts).Single(a => a.Id == _account);
        listed.LastRun.ShouldBe(account.LastRun);
    }

    [Fact]
    public async Task TestConnectionAsync_RecordsTheOutcome()
    {
        await using var scope = Bed.As(Bed.Acme);
        var lifecycle = scope.ServiceProvider.GetRequiredService<AccountLifecycle>();
        var queries = scope.ServiceProvider.GetRequiredService<AccountQueries>();

        var health = await lifecycle.TestConnectionAsync(_account, Ct);

        health.State.ShouldBe(HealthState.Healthy);
        var account = await queries.GetAccountAsync(_account, Ct);
        account.TestStatus.ShouldBe(ConnectionTestStatus.Passed);
        account.LastTestedAt.ShouldBe(Bed.Clock.GetUtcNow().UtcDateTime);
    }
}
