using Connectors.Domain;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Infrastructure;

/// <summary>The domain's services alone (no web host) over one database: for tests of the schema, its migrations
/// and scripts, where nothing else of the app is needed.</summary>
public static class DomainServices
{
    public static ServiceProvider Build(string connectionString, string? provider = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider,
            ["ConnectionStrings:Connectors"] = connectionString,
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddConnectorsDomain(configuration);
        return services.BuildServiceProvider();
    }
}
