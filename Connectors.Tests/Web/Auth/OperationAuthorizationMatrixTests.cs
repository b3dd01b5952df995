using Connectors.Domain.Accounts;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Connectors.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Web.Auth;

/// <summary>
/// Every mutating domain operation × every kind of user, starting from the sign-in cookie's claims:
/// the claims are read by <see cref="TenantAccess"/> into the scope's tenant and actor exactly as a
/// request or circuit does, and the ManageConnectors policy must agree with what the service allows
/// — so a page that shows a button and the service behind it can never disagree.
/// </summary>
public sealed class OperationAuthorizationMatrixTests : IAsyncLifetime
{
    private ConnectorsTestBed _bed = null!;
    private Guid _account;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _bed = await ConnectorsTestBed.CreateAsync(configure: (services, _) => services.AddConnectorsPolicies());
        _account = (await _bed.CreateMailAccountAsync(_bed.Acme, "Support")).AccountId;
    }

    public ValueTask DisposeAsync() => _bed.DisposeAsync();

    public static TheoryData<string, Who, bool> Matrix()
    {
        var data = new TheoryData<string, Who, bool>();
        foreach (var operation in MutatingOperations.Names)
        {
            foreach (var who in Enum.GetValues<Who>())
            {
                data.Add(operation, who, who is Who.SuperAdmin or Who.SupportFullAccess);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task MutatingOperation_ByKindOfUser_PolicyAndServiceAgree(string operation, Who who, bool allowed)
    {
        var principal = TestPrincipals.For(who, _bed.Acme, _bed.Clock.GetUtcNow().AddMinutes(60));
        await using var scope = ScopeOf(principal);
        var policy = await scope.ServiceProvider.GetRequiredService<IAuthorizationService>().AuthorizeAsync(principal, Policies.ManageConnectors);

        var error = await Record.ExceptionAsync(MutatingOperations.For(scope.ServiceProvider, operation, _account, Ct));

        policy.Succeeded.ShouldBe(allowed);
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
    public async Task Impersonation_PastItsExpiry_GrantsNeitherPolicyNorService()
    {
        var principal = TestPrincipals.For(Who.SupportFullAccess, _bed.Acme, _bed.Clock.GetUtcNow().AddMinutes(-1));
        await using var scope = ScopeOf(principal);
        var authorization = scope.ServiceProvider.GetRequiredService<IAuthorizationService>();

        (await authorization.AuthorizeAsync(principal, Policies.ViewConnectors)).Succeeded.ShouldBeFalse();
        (await authorization.AuthorizeAsync(principal, Policies.ManageConnectors)).Succeeded.ShouldBeFalse();
        await Should.ThrowAsync<AccessDeniedException>(() => scope.ServiceProvider.GetRequiredService<AccountLifecycle>().PauseAsync(_account, Ct));
    }

    [Fact]
    public async Task Impersonation_ExpiringWhileTheCircuitIsOpen_RefusesFromThenOn()
    {
        var principal = TestPrincipals.For(Who.SupportFullAccess, _bed.Acme, _bed.Clock.GetUtcNow().AddMinutes(30));
        await using var scope = ScopeOf(principal);
        var lifecycle = scope.ServiceProvider.GetRequiredService<AccountLifecycle>();
        var queries = scope.ServiceProvider.GetRequiredService<AccountQueries>();
        await lifecycle.PauseAsync(_account, Ct);

        _bed.Clock.Advance(TimeSpan.FromMinutes(31));

        var error = await Should.ThrowAsync<AccessDeniedException>(() => lifecycle.ResumeAsync(_account, Ct));
        error.Message.ShouldContain("impersonation has ended");
        await Should.ThrowAsync<AccessDeniedException>(() => queries.GetSummaryAsync(Ct));
    }

    [Fact]
    public async Task Impersonation_ActionsAreAuditedWithTheSupportUserAsImpersonator()
    {
        var principal = TestPrincipals.For(Who.SupportFullAccess, _bed.Acme, _bed.Clock.GetUtcNow().AddMinutes(30));
        await using (var scope = ScopeOf(principal))
        {
            await scope.ServiceProvider.GetRequiredService<AccountLifecycle>().PauseAsync(_account, Ct);
        }

        await using var read = _bed.As(_bed.Acme);
        await using var db = read.ServiceProvider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<global::Connectors.Domain.Data.ConnectorsDbContext>>().CreateDbContext();
        var entry = db.AuditEntries.Single(e => e.Action == "account.paused");
        entry.ActorUserId.ShouldBe(TestPrincipals.SupportUserId);
        entry.ImpersonatorUserId.ShouldBe(TestPrincipals.SupportUserId);
    }

    private AsyncServiceScope ScopeOf(System.Security.Claims.ClaimsPrincipal principal)
    {
        var scope = _bed.Database.Services.CreateAsyncScope();
        TenantAccess.From(principal, _bed.Clock.GetUtcNow())?.ApplyTo(
            scope.ServiceProvider.GetRequiredService<TenantContext>(), scope.ServiceProvider.GetRequiredService<ActorContext>());
        return scope;
    }

    private async Task AssertAccountUntouchedAsync()
    {
        await using var scope = _bed.As(_bed.Acme);
        var account = await scope.ServiceProvider.GetRequiredService<AccountQueries>().GetAccountAsync(_account, Ct);
        account.Label.ShouldBe("Support");
        account.Status.ShouldBe(InstallationStatus.Active);
    }
}
