using System.Security.Claims;
using Connectors.Domain.Administration;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Components.Shared;
using Connectors.Web.Auth;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Components.Pages.Support;

/// <summary>The component setup signed in as a platform support user of the test database (no tenant of
/// their own), with the app's <see cref="CurrentUser"/> and a form antiforgery token.</summary>
public abstract class SupportTestContext : ComponentTestContext
{
    public const string SupportEmail = "support@connectors.test";

    protected string SupportUserId { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await using (var scope = Bed.Database.Services.CreateAsyncScope())
        {
            SupportUserId = (await scope.ServiceProvider.GetRequiredService<UserDirectory>()
                .AddAsync(SupportEmail, "Support-Passw0rd-123", null, TenantRole.Member, isSupport: true, Ct)).Id;
        }

        // CurrentUser's dependencies live in the domain scope, which bUnit's container only falls back to.
        Services.AddScoped(sp => new CurrentUser(sp.GetRequiredService<AuthenticationStateProvider>(),
            Domain<UserManager<ConnectorsUser>>(), Domain<UserDirectory>(), Domain<TenantDirectory>(), Bed.Clock));
        Services.AddSingleton<AntiforgeryStateProvider>(new FixedAntiforgery());
        SignInAsSupport();
    }

    /// <summary>Signs in as the support user, optionally impersonating a tenant (as the cookie's claims say).</summary>
    protected void SignInAsSupport(Impersonation? impersonating = null) =>
        SignIn(SupportUserId, [new Claim(ConnectorsClaims.Support, "true"), .. impersonating?.ToClaims() ?? []]);

    private sealed class FixedAntiforgery : AntiforgeryStateProvider
    {
        public const string Token = "test-antiforgery-token";

        public override AntiforgeryRequestToken? GetAntiforgeryToken() => new(Token, "__RequestVerificationToken");
    }
}
