using Connectors.Domain.Connectors.Notion;
using Microsoft.Extensions.Configuration;

// Extension methods live in the DI namespace, as ASP.NET's own do.
namespace Microsoft.Extensions.DependencyInjection;

public static class NotionServiceCollectionExtensions
{
    /// <summary>The Notion connector. Its provider settings are read from <c>Connectors:OAuth:notion</c>
    /// when used (without a <c>ClientId</c> it shows as not configured), so nothing is bound here.</summary>
    public static IServiceCollection AddNotionConnector(this IServiceCollection services, IConfiguration configuration) =>
        services.AddConnector<NotionConnector>();
}
