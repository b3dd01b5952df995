using System.Security.Claims;
using Connectors.Domain.Administration;
using Connectors.Domain.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Connectors.Web.Auth;

/// <summary>Adds the user's tenant, role in it and platform support flag to the sign-in cookie. A user
/// in several tenants starts in the first by slug.</summary>
public sealed class ConnectorsClaimsFactory(UserManager<ConnectorsUser> users, IOptions<IdentityOptions> options, UserDirectory directory)
    : UserClaimsPrincipalFactory<ConnectorsUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ConnectorsUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.IsSupport)
        {
            identity.AddClaim(new Claim(ConnectorsClaims.Support, "true"));
        }

        var memberships = await directory.MembershipsAsync(user.Id, CancellationToken.None);
        if (memberships.Count > 0)
        {
            var membership = memberships[0];
            identity.AddClaim(new Claim(ConnectorsClaims.Tenant, membership.TenantId.ToString()));
            identity.AddClaim(new Claim(ConnectorsClaims.Role, membership.Role.ToString()));
        }

        return identity;
    }
}
