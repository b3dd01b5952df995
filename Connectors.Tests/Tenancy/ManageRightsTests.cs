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
        foreach (var operation in MutatingOperations.Names)
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

    private Func<Task> Operation(IServiceProvider sp, string operation) => MutatingOperations.For(sp, operation, _account, Ct);

    private async Task AssertAccountUntouchedAsync()
    {
        await using var scope = Bed.As(Bed.Acme);
        var account = await scope.ServiceProvider.GetRequiredService<ConnectorInstallationService>().GetAccountAsync(_account, Ct);
        account.Label.ShouldBe("Support");
        account.Status.ShouldBe(InstallationStatus.Active);
    }
}
