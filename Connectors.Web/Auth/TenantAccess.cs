using System.Security.Claims;
using Connectors.Domain.Tenancy;

namespace Connectors.Web.Auth;

/// <summary>
/// What a signed-in principal may do in its current tenant — the one reading of the claims behind
/// both the policies and the domain's actor context (DESIGN §2): ViewConnectors = SuperAdmin or Admin;
/// ManageConnectors = SuperAdmin. Members get neither.
/// </summary>
public sealed record TenantAccess(string UserId, Guid? TenantId, TenantRole? Role, bool IsSupport)
{
    public bool CanView => TenantId is not null && Role is TenantRole.Admin or TenantRole.SuperAdmin;

    public bool CanManage => TenantId is not null && Role is TenantRole.SuperAdmin;

    public static TenantAccess? From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true || principal.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
        {
            return null;
        }

        return new TenantAccess(
            userId,
            Guid.TryParse(principal.FindFirstValue(ConnectorsClaims.Tenant), out var tenant) ? tenant : null,
            Enum.TryParse<TenantRole>(principal.FindFirstValue(ConnectorsClaims.Role), out var role) ? role : null,
            principal.HasClaim(ConnectorsClaims.Support, "true"));
    }

    /// <summary>Sets the scope's tenant and actor so the domain services enforce the same rights.</summary>
    public void ApplyTo(TenantContext tenant, ActorContext actor)
    {
        if (TenantId is { } id)
        {
            tenant.Use(id);
        }

        actor.Use(UserId, Role ?? TenantRole.Member);
    }
}
