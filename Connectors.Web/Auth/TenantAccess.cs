using System.Security.Claims;
using Connectors.Domain.Tenancy;

namespace Connectors.Web.Auth;

/// <summary>
/// What a signed-in principal may do in its current tenant — the one reading of the claims behind
/// both the policies and the domain's actor context: ViewConnectors = SuperAdmin or Admin,
/// or Support while impersonating; ManageConnectors = SuperAdmin, or Support impersonating with full
/// access. Members get neither. An expired impersonation grants nothing.
/// </summary>
public sealed record TenantAccess(string UserId, Guid? TenantId, TenantRole? Role, bool IsSupport, Impersonation? Impersonation)
{
    public bool IsImpersonating => Impersonation is not null;

    public bool CanView => TenantId is not null && (IsImpersonating || Role is TenantRole.Admin or TenantRole.SuperAdmin);

    public bool CanManage => TenantId is not null && (IsImpersonating ? Impersonation!.IsFullAccess : Role is TenantRole.SuperAdmin);

    public static TenantAccess? From(ClaimsPrincipal principal, DateTimeOffset now)
    {
        if (principal.Identity?.IsAuthenticated != true || principal.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
        {
            return null;
        }

        var isSupport = principal.HasClaim(ConnectorsClaims.Support, "true");
        if (Impersonation.From(principal) is { } impersonation)
        {
            // An impersonating cookie never falls back to a membership: expired means no tenant at all.
            return impersonation.ExpiresAt > now
                ? new TenantAccess(userId, impersonation.TenantId, null, isSupport, impersonation)
                : new TenantAccess(userId, null, null, isSupport, null);
        }

        return new TenantAccess(
            userId,
            Guid.TryParse(principal.FindFirstValue(ConnectorsClaims.Tenant), out var tenant) ? tenant : null,
            Enum.TryParse<TenantRole>(principal.FindFirstValue(ConnectorsClaims.Role), out var role) ? role : null,
            isSupport,
            null);
    }

    /// <summary>Sets the scope's tenant and actor so the domain services enforce the same rights.</summary>
    public void ApplyTo(TenantContext tenant, ActorContext actor)
    {
        if (TenantId is { } id)
        {
            tenant.Use(id);
        }

        if (Impersonation is { } impersonation)
        {
            actor.UseImpersonation(UserId, impersonation.IsFullAccess, impersonation.ExpiresAt);
            return;
        }

        actor.Use(UserId, Role ?? TenantRole.Member);
    }
}
