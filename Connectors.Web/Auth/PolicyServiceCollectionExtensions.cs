using Connectors.Web.Auth;
using Microsoft.AspNetCore.Authorization;

namespace Microsoft.Extensions.DependencyInjection;

public static class PolicyServiceCollectionExtensions
{
    /// <summary>The three policies, all read from <see cref="TenantAccess"/> at the current time.</summary>
    public static IServiceCollection AddConnectorsPolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.ViewConnectors, p => p.AddRequirements(TenantAccessRequirement.View))
            .AddPolicy(Policies.ManageConnectors, p => p.AddRequirements(TenantAccessRequirement.Manage))
            .AddPolicy(Policies.Support, p => p.AddRequirements(TenantAccessRequirement.Support));
        services.AddSingleton<IAuthorizationHandler, TenantAccessHandler>();
        return services;
    }
}
