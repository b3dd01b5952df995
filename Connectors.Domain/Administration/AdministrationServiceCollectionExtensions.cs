using Connectors.Domain.Data;
using Connectors.Domain.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Domain.Administration;

public static class AdministrationServiceCollectionExtensions
{
    /// <summary>Identity's user store (so the CLI and the web share UserManager), the tenant and
    /// user directories, the impersonation journal, and first-run seeding.</summary>
    public static IServiceCollection AddAdministration(this IServiceCollection services)
    {
        services.AddIdentityCore<ConnectorsUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 12;
            })
            .AddEntityFrameworkStores<ConnectorsDbContext>();
        services.AddScoped<TenantDirectory>();
        services.AddScoped<UserDirectory>();
        services.AddScoped<ImpersonationJournal>();
        services.AddScoped<DatabaseSeeder>();
        return services;
    }
}
