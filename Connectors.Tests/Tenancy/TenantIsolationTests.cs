using Connectors.Domain.Accounts;
using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Projects;
using Connectors.Domain.Tenancy;
using Connectors.Domain.Vault;
using Connectors.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Tenancy;

/// <summary>Another tenant's account is invisible: every service reads it as not found.</summary>
public sealed class TenantIsolationTests : TestBedTests
{
    private Guid _acmeAccount;

    protected override async Task SeedAsync()
    {
        _acmeAccount = (await Bed.CreateMailAccountAsync(Bed.Acme, "Support")).AccountId;
    }

    public static TheoryData<string> ServiceMethods() =>
    [
        "GetAccount", "Update", "Pause", "Resume", "TestConnection", "SyncNow", "Delete", "Reconnect",
    ];

    [Theory]
    [MemberData(nameof(ServiceMethods))]
    public async Task ServiceMethod_OtherTenantsAccount_ReadsAsNotFound(string method)
    {
        await using var scope = Bed.As(Bed.Globex);
        var queries = scope.ServiceProvider.GetRequiredService<AccountQueries>();
        var editor = scope.ServiceProvider.GetRequiredService<AccountEditor>();
        var lifecycle = scope.ServiceProvider.GetRequiredService<AccountLifecycle>();
        var configure = scope.ServiceProvider.GetRequiredService<ConfigureConnectorService>();
        Func<Task> call = method switch
        {
            "GetAccount" => () => queries.GetAccountAsync(_acmeAccount, Ct),
            "Update" => () => editor.UpdateAsync(_acmeAccount, new AccountEdit("Hijack", null, null), Ct),
            "Pause" => () => lifecycle.PauseAsync(_acmeAccount, Ct),
            "Resume" => () => lifecycle.ResumeAsync(_acmeAccount, Ct),
            "TestConnection" => () => lifecycle.TestConnectionAsync(_acmeAccount, Ct),
            "SyncNow" => () => lifecycle.SyncNowAsync(_acmeAccount, Ct),
            "Delete" => () => lifecycle.DeleteAsync(_acmeAccount, deleteDocuments: true, Ct),
            "Reconnect" => () => configure.ReconnectAsync(_acmeAccount, ConnectorsTestBed.MailSubmission(null), Ct),
            _ => throw new ArgumentOutOfRangeException(nameof(method)),
        };

        var error = await Should.ThrowAsync<NotFoundException>(call);

        error.Message.ShouldContain(_acmeAccount.ToString());
        await AssertAcmeAccountUntouchedAsync();
    }

    [Fact]
    public async Task GetSummaryAsync_OtherTenant_DoesNotListTheAccount()
    {
        await using var scope = Bed.As(Bed.Globex);

        var summary = await scope.ServiceProvider.GetRequiredService<AccountQueries>().GetSummaryAsync(Ct);

        summary.SelectMany(c => c.Accounts).ShouldBeEmpty();
    }

    [Fact]
    public async Task Vault_OtherTenantsAccount_ReturnsNullAndRefusesWrites()
    {
        await using var scope = Bed.As(Bed.Globex);
        var vault = scope.ServiceProvider.GetRequiredService<CredentialVault>();

        var read = await vault.GetAsync(_acmeAccount, Ct);

        read.ShouldBeNull();
        await Should.ThrowAsync<NotFoundException>(() => vault.SetSecretsAsync(_acmeAccount, new Dictionary<string, string> { ["password"] = "x" }, Ct));
    }

    [Fact]
    public async Task SaveChanges_EntityWithAnotherTenantsId_Throws()
    {
        await using var scope = Bed.As(Bed.Globex);
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        db.Projects.Add(new KbProject { TenantId = Bed.Acme, Key = "planted", Name = "Planted" });

        await Should.ThrowAsync<CrossTenantWriteException>(() => db.SaveChangesAsync(Ct));
    }

    [Fact]
    public async Task SaveChanges_ModifyingAnAttachedRowOfAnotherTenant_Throws()
    {
        ConnectorInstallation acmeRow;
        await using (var acme = Bed.As(Bed.Acme))
        {
            await using var acmeDb = acme.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
            acmeRow = await acmeDb.Installations.AsNoTracking().SingleAsync(i => i.Id == _acmeAccount, Ct);
        }

        await using var scope = Bed.As(Bed.Globex);
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        db.Installations.Attach(acmeRow);
        acmeRow.Status = InstallationStatus.Paused;

        await Should.ThrowAsync<CrossTenantWriteException>(() => db.SaveChangesAsync(Ct));
        await AssertAcmeAccountUntouchedAsync();
    }

    [Fact]
    public async Task Query_WithoutTenant_ReturnsNothing()
    {
        await using var scope = Bed.Database.Services.CreateAsyncScope();
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();

        (await db.Installations.CountAsync(Ct)).ShouldBe(0);
        (await db.Projects.CountAsync(Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task CrossTenantScan_SeesEveryTenantOnlyInsideTheScope()
    {
        await Bed.CreateMailAccountAsync(Bed.Globex, "Support");
        await using var scope = Bed.As(Bed.Globex);
        var tenant = scope.ServiceProvider.GetRequiredService<TenantContext>();
        var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>();

        int inside, after;
        using (tenant.BeginCrossTenantScan())
        {
            await using var db = factory.CreateDbContext();
            inside = await db.Installations.CountAsync(Ct);
        }

        await using (var db = factory.CreateDbContext())
        {
            after = await db.Installations.CountAsync(Ct);
        }

        inside.ShouldBe(2);
        after.ShouldBe(1);
    }

    private async Task AssertAcmeAccountUntouchedAsync()
    {
        await using var scope = Bed.As(Bed.Acme);
        var account = await scope.ServiceProvider.GetRequiredService<AccountQueries>().GetAccountAsync(_acmeAccount, Ct);
        account.Label.ShouldBe("Support");
        account.Status.ShouldBe(InstallationStatus.Active);
    }
}
