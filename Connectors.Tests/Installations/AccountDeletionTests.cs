using Connectors.Domain.Accounts;
using Connectors.Domain.Connectors;
using Connectors.Domain.Data;
using Connectors.Domain.Documents;
using Connectors.Domain.Installations;
using Connectors.Domain.OAuth;
using Connectors.Domain.Sync;
using Connectors.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Installations;

public sealed class AccountDeletionTests : TestBedTests
{

    [Fact]
    public async Task DeleteAsync_RemovesVaultRowRunsAndOAuthStates()
    {
        var (accountId, scope) = await AccountWithHistoryAsync();
        await using var _ = scope;

        await scope.ServiceProvider.GetRequiredService<AccountLifecycle>().DeleteAsync(accountId, deleteDocuments: true, Ct);

        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        (await db.Installations.CountAsync(i => i.Id == accountId, Ct)).ShouldBe(0);
        (await db.Credentials.CountAsync(c => c.InstallationId == accountId, Ct)).ShouldBe(0);
        (await db.SyncRuns.CountAsync(r => r.InstallationId == accountId, Ct)).ShouldBe(0);
        (await db.OAuthStates.CountAsync(s => s.InstallationId == accountId, Ct)).ShouldBe(0);
        (await db.Documents.CountAsync(Ct)).ShouldBe(0);
        Bed.Calls.Disconnects.ShouldContain(accountId);
    }

    [Fact]
    public async Task DeleteAsync_KeepDocuments_LeavesThemUnlinked()
    {
        var (accountId, scope) = await AccountWithHistoryAsync();
        await using var _ = scope;

        await scope.ServiceProvider.GetRequiredService<AccountLifecycle>().DeleteAsync(accountId, deleteDocuments: false, Ct);

        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        var kept = await db.Documents.SingleAsync(Ct);
        kept.InstallationId.ShouldBeNull();
        kept.ProjectKey.ShouldBe("acme-hr");
    }

    [Fact]
    public async Task DeleteAsync_DisconnectFails_StillDeletes()
    {
        var (accountId, scope) = await AccountWithHistoryAsync();
        await using var _ = scope;
        Bed.Calls.FailDisconnect = true;
        var lifecycle = scope.ServiceProvider.GetRequiredService<AccountLifecycle>();
        var queries = scope.ServiceProvider.GetRequiredService<AccountQueries>();

        await lifecycle.DeleteAsync(accountId, deleteDocuments: true, Ct);

        await Should.ThrowAsync<Domain.Errors.NotFoundException>(() => queries.GetAccountAsync(accountId, Ct));
    }

    private async Task<(Guid AccountId, AsyncServiceScope Scope)> AccountWithHistoryAsync()
    {
        var outcome = await Bed.CreateMailAccountAsync(Bed.Acme, "Support", projectKey: "acme-hr");
        var scope = Bed.As(Bed.Acme);
        var sp = scope.ServiceProvider;
        await sp.GetRequiredService<AccountLifecycle>().SyncNowAsync(outcome.AccountId, Ct);
        await sp.GetRequiredService<OAuthStateStore>().IssueAsync(outcome.AccountId, "user-1", null, Ct);
        var account = new ConnectorAccount(outcome.AccountId, Bed.Acme, TestMailConnector.ConnectorKey, "Support", "acme-hr", []);
        await sp.GetRequiredService<DocumentStore>().UpsertAsync(account, [new DocumentInput("m-1", "Hello", "Body")], Ct);
        await using var db = sp.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        (await db.Credentials.CountAsync(Ct)).ShouldBe(1);
        (await db.SyncRuns.CountAsync(r => r.Status == SyncRunStatus.Queued, Ct)).ShouldBe(1);
        (await db.OAuthStates.CountAsync(Ct)).ShouldBe(1);
        return (outcome.AccountId, scope);
    }
}
