using System.Security.Claims;
using Connectors.Domain.Tenancy;
using Connectors.Web.Auth;
using Microsoft.AspNetCore.Identity;

namespace Connectors.Tests.Web;

/// <summary>The principals the sign-in cookie carries for each <see cref="Who"/> (the claims the
/// claims factory and the impersonation endpoint issue).</summary>
public static class TestPrincipals
{
    public const string SupportUserId = "support-1";

    public static ClaimsPrincipal For(Who who, Guid tenant, DateTimeOffset impersonationExpires)
    {
        if (who == Who.Anonymous)
        {
            return new ClaimsPrincipal(new ClaimsIdentity());
        }

        var claims = new List<Claim>();
        switch (who)
        {
            case Who.Member or Who.Admin or Who.SuperAdmin:
                claims.Add(new Claim(ClaimTypes.NameIdentifier, $"user-{who}"));
                claims.Add(new Claim(ConnectorsClaims.Tenant, tenant.ToString()));
                claims.Add(new Claim(ConnectorsClaims.Role, who.ToString()));
                break;
            default:
                claims.Add(new Claim(ClaimTypes.NameIdentifier, SupportUserId));
                claims.Add(new Claim(ConnectorsClaims.Support, "true"));
                if (who != Who.Support)
                {
                    var mode = who == Who.SupportFullAccess ? ImpersonationMode.FullAccess : ImpersonationMode.ReadOnly;
                    claims.AddRange(new Impersonation(tenant, mode, impersonationExpires, "ticket 4711").ToClaims());
                }

                break;
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, IdentityConstants.ApplicationScheme));
    }
}
