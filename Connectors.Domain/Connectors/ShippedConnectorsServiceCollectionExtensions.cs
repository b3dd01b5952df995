using Microsoft.Extensions.Configuration;

// Extension methods live in the DI namespace, as ASP.NET's own do.
namespace Microsoft.Extensions.DependencyInjection;

public static class ShippedConnectorsServiceCollectionExtensions
{
    /// <summary>Every connector this product ships, for the web host and the CLI alike.
    /// Each connector's registration lives in its own folder; the host knows none of them by key.</summary>
    public static IServiceCollection AddShippedConnectors(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddImapConnector(configuration);
        services.AddGoogleDriveConnector(configuration);
        services.AddNotionConnector(configuration);
        services.AddConfluenceConnector(configuration);
        services.AddMcpConnector(configuration);
        return services;
    }
}
