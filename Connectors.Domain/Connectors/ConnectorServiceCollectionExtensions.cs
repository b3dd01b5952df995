using Connectors.Domain.Connectors;
using Microsoft.Extensions.DependencyInjection.Extensions;

// Extension methods live in the DI namespace, as ASP.NET's own do.
namespace Microsoft.Extensions.DependencyInjection;

public static class ConnectorServiceCollectionExtensions
{
    /// <summary>Registers a connector. The registry (see AddConnectorsDomain) validates every connector when the host starts
    /// and refuses to start with a message naming the connector and the fault.</summary>
    public static IServiceCollection AddConnector<TConnector>(this IServiceCollection services)
        where TConnector : class, IConnector
    {
        services.TryAddScoped<TConnector>();
        services.AddScoped<IConnector>(sp => sp.GetRequiredService<TConnector>());
        return services;
    }
}
