using System.Security.Claims;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Connectors.Web.Auth;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Web.Auth;

/// <summary>A live circuit's user is re-checked: a changed security stamp or a deleted user ends it.</summary>
public sealed class RevalidationTests : IAsyncLifetime
{
    private readonly ConnectorsAppFactory _app = new();

    public async ValueTask InitializeAsync() => await WebSession.AddRoleUsersAsync(_app);

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task IsStillValid_FreshPrincipal_IsTrue()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var (provider, principal, _) = await ArrangeAsync(scope);

        (await provider.IsStillValidAsync(principal)).ShouldBeTrue();
    }

    [Fact]
    public async Task IsStillValid_AfterTheSecurityStampChanged_IsFalse()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var (provider, principal, user) = await ArrangeAsync(scope);

        await scope.ServiceProvider.GetRequiredService<UserManager<ConnectorsUser>>().UpdateSecurityStampAsync(user);

        (await provider.IsStillValidAsync(principal)).ShouldBeFalse();
    }

    [Fact]
    public async Task IsStillValid_UserDeleted_IsFalse()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var (provider, principal, user) = await ArrangeAsync(scope);

        await scope.ServiceProvider.GetRequiredService<UserManager<ConnectorsUser>>().DeleteAsync(user);

        (await provider.IsStillValidAsync(principal)).ShouldBeFalse();
    }

    private static async Task<(RevalidatingAuthenticationStateProvider, ClaimsPrincipal, ConnectorsUser)> ArrangeAsync(AsyncServiceScope scope)
    {
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConnectorsUser>>();
        var user = (await users.FindByEmailAsync(WebSession.AdminEmail))!;
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ConnectorsUser>>().CreateAsync(user);
        var provider = scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>().ShouldBeOfType<RevalidatingAuthenticationStateProvider>();
        return (provider, principal, user);
    }
}
