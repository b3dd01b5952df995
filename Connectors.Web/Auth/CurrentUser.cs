using System.Security.Claims;
using Connectors.Domain.Tenancy;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace Connectors.Web.Auth;

/// <summary>The signed-in user of this circuit or request, with their tenant memberships.</summary>
public sealed record SignedInUser(string Id, string Email, bool IsSupport, IReadOnlyList<MembershipSummary> Memberships);

/// <summary>Reads the signed-in user from the authentication state and the user store.</summary>
public sealed class CurrentUser(AuthenticationStateProvider authentication, UserManager<ConnectorsUser> users, UserDirectory directory)
{
    public async Task<SignedInUser?> GetAsync(CancellationToken ct)
    {
        var principal = (await authentication.GetAuthenticationStateAsync()).User;
        if (principal.Identity?.IsAuthenticated != true || principal.FindFirstValue(ClaimTypes.NameIdentifier) is not { } id)
        {
            return null;
        }

        var user = await users.FindByIdAsync(id);
        return user is null
            ? null
            : new SignedInUser(user.Id, user.Email ?? user.UserName ?? id, user.IsSupport, await directory.MembershipsAsync(user.Id, ct));
    }
}
