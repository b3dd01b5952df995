using Connectors.Domain.Errors;

namespace Connectors.Domain.Tenancy;

/// <summary>Who is acting in this scope and what they may do. Domain services check it
/// themselves, so a UI bug cannot bypass the <c>ManageConnectors</c> rules.</summary>
public sealed class ActorContext(TimeProvider clock)
{
    private bool _canView;
    private bool _canManage;

    public string? UserId { get; private set; }
    public string? ImpersonatorUserId { get; private set; }

    /// <summary>When an impersonation ends; past it the actor may do nothing, even in a circuit that
    /// was opened before.</summary>
    public DateTimeOffset? ExpiresAt { get; private set; }

    public bool CanView => _canView && !IsExpired;
    public bool CanManage => _canManage && !IsExpired;

    private bool IsExpired => ExpiresAt is { } expires && clock.GetUtcNow() >= expires;

    /// <summary>Sets the actor from a tenant role.</summary>
    public void Use(string userId, TenantRole role, string? impersonatorUserId = null)
    {
        UserId = userId;
        ImpersonatorUserId = impersonatorUserId;
        ExpiresAt = null;
        _canView = role is TenantRole.Admin or TenantRole.SuperAdmin;
        _canManage = role is TenantRole.SuperAdmin;
    }

    /// <summary>Support staff impersonating a tenant: read-only unless full access was chosen.</summary>
    public void UseImpersonation(string supportUserId, bool fullAccess, DateTimeOffset? expiresAt = null)
    {
        UserId = supportUserId;
        ImpersonatorUserId = supportUserId;
        ExpiresAt = expiresAt;
        _canView = true;
        _canManage = fullAccess;
    }

    /// <summary>The platform itself (CLI verbs run by an operator, the scheduler).</summary>
    public void UseSystem(string name = "system")
    {
        UserId = name;
        ImpersonatorUserId = null;
        ExpiresAt = null;
        _canView = true;
        _canManage = true;
    }

    public void EnsureCanView()
    {
        if (IsExpired)
        {
            throw new AccessDeniedException("The impersonation has ended. Start a new one to continue.");
        }

        if (!CanView)
        {
            throw new AccessDeniedException("You are not allowed to view connectors in this tenant.");
        }
    }

    public void EnsureCanManage()
    {
        if (IsExpired)
        {
            throw new AccessDeniedException("The impersonation has ended. Start a new one to continue.");
        }

        if (!CanManage)
        {
            throw new AccessDeniedException("You are not allowed to change connectors in this tenant.");
        }
    }

    public string RequireUserId() =>
        UserId ?? throw new AccessDeniedException("No signed-in user for this operation.");
}
