using System.Security.Claims;
using Connectors.Domain.Administration;
using Connectors.Domain.Tenancy;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace Connectors.Web.Auth;

/// <summary>The signed-in user of this circuit or request: their memberships, the tenant they work in
/// now (their own, or the one they impersonate) and any impersonation.</summary>
public sealed record SignedInUser(string Id, string Email, bool IsSupport, IReadOnlyList<MembershipSummary> Memberships,
    TenantSummary? CurrentTenant, Impersonation? Impersonation);

/// <summary>Reads the signed-in user from the authentication state and the user store.</summary>
public sealed class CurrentUser(AuthenticationStateProvider authentication, UserManager<ConnectorsUser> users,
    UserDirectory directory, TenantDirectory tenants, TimeProvider clock)
{
    public async Task<SignedInUser?> GetAsync(CancellationToken ct)
    {
        var principal = (await authentication.GetAuthenticationStateAsync()).User;
        if (principal.Identity?.IsAuthenticated != true || principal.FindFirstValue(ClaimTypes.NameIdentifier) is not { } id)
        {
            return null;
        }

        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return null;
        }

        var access = TenantAccess.From(principal, clock.GetUtcNow());
        var tenant = access?.TenantId is { } tenantId ? await tenants.FindAsync(tenantId, ct) : null;
        return new SignedInUser(user.Id, user.Email ?? user.UserName ?? id, user.IsSupport,
            await directory.MembershipsAsync(user.Id, ct), tenant, access?.Impersonation);
    }
}
