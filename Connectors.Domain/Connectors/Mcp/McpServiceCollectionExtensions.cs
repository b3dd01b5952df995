using Connectors.Domain.Connectors.Mcp;
using Connectors.Domain.Http;
using Connectors.Domain.Network;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

// Extension methods live in the DI namespace, as ASP.NET's own do.
namespace Microsoft.Extensions.DependencyInjection;

public static class McpServiceCollectionExtensions
{
    /// <summary>The MCP server connector. It needs no deployment settings — every server is the account's, and signs
    /// the app in by discovery and dynamic registration; <c>Connectors:Mcp</c> only bounds a sync. The SDK client talks
    /// through one shared handler whose connections the host guard admits.</summary>
    public static IServiceCollection AddMcpConnector(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<McpOptions>()
            .Bind(configuration.GetSection(McpOptions.Section))
            .Validate(o => o is { MaxListingPages: > 0, ReadConcurrency: > 0 and <= 32, MaxResourceChars: > 0 },
                $"{McpOptions.Section}: MaxListingPages and MaxResourceChars must be positive, ReadConcurrency between 1 and 32.")
            .ValidateOnStart();
        services.TryAddSingleton(sp => new McpResourceSource(GuardedHttpHandler.Create(sp.GetRequiredService<HostGuard>())));
        services.TryAddScoped<McpAuthDiscovery>();
        services.TryAddScoped<McpClientRegistration>();
        services.TryAddScoped<McpAuthorization>();
        return services.AddConnector<McpConnector>();
    }
}
