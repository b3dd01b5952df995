using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Domain.Tenancy;

public static class TenancyServiceCollectionExtensions
{
    /// <summary>Tenant directory, users and first-run seeding.</summary>
    public static IServiceCollection AddTenancyServices(this IServiceCollection services) => services;
}
