using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Projects;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Tenancy;

/// <summary>The domain services enforce the ManageConnectors rule themselves: every mutating
/// operation × every role, and read access for viewers only.</summary>
public sealed class ManageRightsTests : TestBedTests
{
    private Guid _account;

    protected override async Task SeedAsync()
    {
        _account = (await Bed.CreateMailAccountAsync(Bed.Acme, "Support")).AccountId;
    }

    public static TheoryData<string, TenantRole, bool> Matrix()
    {
        var data = new TheoryData<string, TenantRole, bool>();
        foreach (var operation in new[] { "Create", "Reconnect", "BeginOAuth", "Update", "Pause", "TestConnection", "SyncNow", "Delete", "AddProject", "RenameProject" })
        {
            data.Add(operation, TenantRole.SuperAdmin, true);
            data.Add(operation, TenantRole.Admin, false);
            data.Add(operation, TenantRole.Member, false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task MutatingOperation_ByRole_IsAllowedOnlyForSuperAdmin(string operation, TenantRole role, bool allowed)
    {
        await using var scope = Bed.As(Bed.Acme, role);
        var call = Operation(scope.ServiceProvider, operation);

        var error = await Record.ExceptionAsync(call);

        if (allowed)
        {
            error.ShouldNotBeOfType<AccessDeniedException>();
        }
        else
        {
            error.ShouldBeOfType<AccessDeniedException>();
            await AssertAccountUntouchedAsync();
        }
    }

    [Fact]
    public async Task ImpersonationReadOnly_IsRefusedMutations()
    {
        await using var scope = Bed.Database.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(Bed.Acme);
        scope.ServiceProvider.GetRequiredService<ActorContext>().UseImpersonation("support-1", fullAccess: false);
        var service = scope.ServiceProvider.GetRequiredService<ConnectorInstallationService>();

        var summary = await service.GetSummaryAsync(Ct);

        summary.SelectMany(c => c.Accounts).Count().ShouldBe(1);
        await Should.ThrowAsync<AccessDeniedException>(() => service.PauseAsync(_account, Ct));
    }

    [Theory]
    [InlineData(TenantRole.Admin, true)]
    [InlineData(TenantRole.Member, false)]
    public async Task GetSummaryAsync_ByRole_ViewersOnly(TenantRole role, bool allowed)
    {
        await using var scope = Bed.As(Bed.Acme, role);
        var service = scope.ServiceProvider.GetRequiredService<ConnectorInstallationService>();

        var error = await Record.ExceptionAsync(() => service.GetSummaryAsync(Ct));

        if (allowed)
        {
            error.ShouldBeNull();
        }
        else
        {
            error.ShouldBeOfType<AccessDeniedException>();
        }
    }

    private Func<Task> Operation(IServiceProvider sp, string operation)
    {
        var accounts = sp.GetRequiredService<ConnectorInstallationService>();
        var configure = sp.GetRequiredService<ConfigureConnectorService>();
        return operation switch
        {
            "Create" => () => configure.CreateAsync(TestMailConnector.ConnectorKey, ConnectorsTestBed.MailSubmission("Sales"), Ct),
            "Reconnect" => () => configure.ReconnectAsync(_account, ConnectorsTestBed.MailSubmission(null), Ct),
            "BeginOAuth" => () => accounts.BeginOAuthAsync(TestDriveConnector.ConnectorKey, "Drive", null, Ct),
            "Update" => () => accounts.UpdateAsync(_account, new AccountEdit("Renamed", null, null), Ct),
            "Pause" => () => accounts.PauseAsync(_account, Ct),
            "TestConnection" => () => accounts.TestConnectionAsync(_account, Ct),
            "SyncNow" => () => accounts.SyncNowAsync(_account, Ct),
            "Delete" => () => accounts.DeleteAsync(_account, deleteDocuments: false, Ct),
            "AddProject" => () => sp.GetRequiredService<ProjectRegistry>().AddAsync("new-project", "New", Ct),
            "RenameProject" => () => sp.GetRequiredService<ProjectRegistry>().RenameAsync("acme-hr", "Renamed", Ct),
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };
    }

    private async Task AssertAccountUntouchedAsync()
    {
        await using var scope = Bed.As(Bed.Acme);
        var account = await scope.ServiceProvider.GetRequiredService<ConnectorInstallationService>().GetAccountAsync(_account, Ct);
        account.Label.ShouldBe("Support");
        account.Status.ShouldBe(InstallationStatus.Active);
    }
}
