using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Connectors.Domain.Connectors;

/// <summary>Builds the registry once as the host starts, so a faulty connector stops start-up
/// instead of failing the first page that lists connectors.</summary>
internal sealed class ConnectorRegistryStartupCheck(IServiceScopeFactory scopes) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        _ = scope.ServiceProvider.GetRequiredService<ConnectorRegistry>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
