using Connectors.Domain.Connectors.Confluence;
using Microsoft.Extensions.Configuration;

// Extension methods live in the DI namespace, as ASP.NET's own do.
namespace Microsoft.Extensions.DependencyInjection;

public static class ConfluenceServiceCollectionExtensions
{
    /// <summary>The Confluence connector. It needs no deployment settings: the site, email and API token
    /// are the account's; <c>Connectors:Confluence</c> only tunes page sizes and the incremental overlap.</summary>
    public static IServiceCollection AddConfluenceConnector(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConfluenceOptions>()
            .Bind(configuration.GetSection(ConfluenceOptions.Section))
            .Validate(o => o is { PageSize: > 0, IdPageSize: > 0, OverlapMinutes: >= 0, MaxResultPages: > 0 },
                $"{ConfluenceOptions.Section}: PageSize, IdPageSize and MaxResultPages must be positive, OverlapMinutes not negative.")
            .ValidateOnStart();
        return services.AddConnector<ConfluenceConnector>();
    }
}
