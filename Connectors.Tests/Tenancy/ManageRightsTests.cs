using Connectors.Domain.Accounts;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Tenancy;

/// <summary>Read access for viewers only, and read-only impersonation sees but cannot change. (Every
/// mutating operation × every kind of user is in <c>Web/OperationAuthorizationMatrixTests</c>.)</summary>
public sealed class ManageRightsTests : TestBedTests
{
    private Guid _account;

    protected override async Task SeedAsync()
    {
        _account = (await Bed.CreateMailAccountAsync(Bed.Acme, "Support")).AccountId;
    }

    [Fact]
    public async Task ImpersonationReadOnly_IsRefusedMutations()
    {
        await using var scope = Bed.Database.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(Bed.Acme);
        scope.ServiceProvider.GetRequiredService<ActorContext>().UseImpersonation("support-1", fullAccess: false);
        var queries = scope.ServiceProvider.GetRequiredService<AccountQueries>();
        var lifecycle = scope.ServiceProvider.GetRequiredService<AccountLifecycle>();

        var summary = await queries.GetSummaryAsync(Ct);

        summary.SelectMany(c => c.Accounts).Count().ShouldBe(1);
        await Should.ThrowAsync<AccessDeniedException>(() => lifecycle.PauseAsync(_account, Ct));
    }

    [Theory]
    [InlineData(TenantRole.Admin, true)]
    [InlineData(TenantRole.Member, false)]
    public async Task GetSummaryAsync_ByRole_ViewersOnly(TenantRole role, bool allowed)
    {
        await using var scope = Bed.As(Bed.Acme, role);
        var service = scope.ServiceProvider.GetRequiredService<AccountQueries>();

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
}
