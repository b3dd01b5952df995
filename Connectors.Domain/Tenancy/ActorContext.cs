using Connectors.Domain.Errors;

namespace Connectors.Domain.Tenancy;

/// <summary>Who is acting in this scope and what they may do. Domain services check it
/// themselves, so a UI bug cannot bypass the <c>ManageConnectors</c> rules.</summary>
public sealed class ActorContext
{
    public string? UserId { get; private set; }
    public string? ImpersonatorUserId { get; private set; }
    public bool CanView { get; private set; }
    public bool CanManage { get; private set; }

    /// <summary>Sets the actor from a tenant role (see DESIGN §2).</summary>
    public void Use(string userId, TenantRole role, string? impersonatorUserId = null)
    {
        UserId = userId;
        ImpersonatorUserId = impersonatorUserId;
        CanView = role is TenantRole.Admin or TenantRole.SuperAdmin;
        CanManage = role is TenantRole.SuperAdmin;
    }

    /// <summary>Support staff impersonating a tenant: read-only unless full access was chosen.</summary>
    public void UseImpersonation(string supportUserId, bool fullAccess)
    {
        UserId = supportUserId;
        ImpersonatorUserId = supportUserId;
        CanView = true;
        CanManage = fullAccess;
    }

    /// <summary>The platform itself (CLI verbs run by an operator, the scheduler).</summary>
    public void UseSystem(string name = "system")
    {
        UserId = name;
        ImpersonatorUserId = null;
        CanView = true;
        CanManage = true;
    }

    public void EnsureCanView()
    {
        if (!CanView)
        {
            throw new AccessDeniedException("You are not allowed to view connectors in this tenant.");
        }
    }

    public void EnsureCanManage()
    {
        if (!CanManage)
        {
            throw new AccessDeniedException("You are not allowed to change connectors in this tenant.");
        }
    }

    public string RequireUserId() =>
        UserId ?? throw new AccessDeniedException("No signed-in user for this operation.");
}
