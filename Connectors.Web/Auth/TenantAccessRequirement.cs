using Microsoft.AspNetCore.Authorization;

namespace Connectors.Web.Auth;

/// <summary>What a policy asks of the signed-in principal's <see cref="TenantAccess"/>.</summary>
public sealed record TenantAccessRequirement(Func<TenantAccess, bool> IsMet) : IAuthorizationRequirement
{
    public static readonly TenantAccessRequirement View = new(a => a.CanView);
    public static readonly TenantAccessRequirement Manage = new(a => a.CanManage);
    public static readonly TenantAccessRequirement Support = new(a => a.IsSupport);
}

/// <summary>Reads the claims at the current time, so an impersonation stops granting anything the
/// moment it expires.</summary>
public sealed class TenantAccessHandler(TimeProvider clock) : AuthorizationHandler<TenantAccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, TenantAccessRequirement requirement)
    {
        if (TenantAccess.From(context.User, clock.GetUtcNow()) is { } access && requirement.IsMet(access))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
