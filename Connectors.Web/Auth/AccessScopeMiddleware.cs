using Connectors.Domain.Tenancy;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Connectors.Web.Auth;

/// <summary>Gives every HTTP request's scope the signed-in user's tenant and rights.</summary>
public sealed class AccessScopeMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context, TenantContext tenant, ActorContext actor, TimeProvider clock)
    {
        TenantAccess.From(context.User, clock.GetUtcNow())?.ApplyTo(tenant, actor);
        return next(context);
    }
}

/// <summary>Gives every Blazor circuit's scope the same, when the circuit opens.</summary>
public sealed class AccessScopeCircuitHandler(AuthenticationStateProvider authentication, TenantContext tenant, ActorContext actor, TimeProvider clock) : CircuitHandler
{
    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        TenantAccess.From(state.User, clock.GetUtcNow())?.ApplyTo(tenant, actor);
    }
}
