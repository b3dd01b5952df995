using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace Connectors.Web.Auth;

/// <summary>
/// Keeps impersonation claims honest across cookie refreshes: Identity's security-stamp check rebuilds
/// the principal from the user store (which would silently drop the impersonation), so the claims are
/// carried over while they are valid; once expired they are stripped and the cookie re-issued, leaving
/// the support user signed in as themself.
/// </summary>
public static class ImpersonationCookieEvents
{
    public static void KeepImpersonationWhileValid(SecurityStampValidatorOptions options) =>
        options.OnRefreshingPrincipal = context =>
        {
            var clock = TimeProvider.System;
            if (context.CurrentPrincipal is { } current && Impersonation.From(current) is { } impersonation
                && impersonation.ExpiresAt > clock.GetUtcNow() && context.NewPrincipal?.Identity is System.Security.Claims.ClaimsIdentity identity)
            {
                identity.AddClaims(impersonation.ToClaims());
            }

            return Task.CompletedTask;
        };

    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        await SecurityStampValidator.ValidatePrincipalAsync(context);
        var clock = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        if (context.Principal is { } principal && Impersonation.From(principal) is { } impersonation && impersonation.ExpiresAt <= clock.GetUtcNow())
        {
            context.ReplacePrincipal(Impersonation.Strip(principal));
            context.ShouldRenew = true;
        }
    }
}
