using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.Data;

/// <summary>Lets services ask for the shared model type while DI builds the provider's subclass.</summary>
internal sealed class ConnectorsDbContextFactory<TContext>(IDbContextFactory<TContext> inner)
    : IDbContextFactory<ConnectorsDbContext>
    where TContext : ConnectorsDbContext
{
    public ConnectorsDbContext CreateDbContext() => inner.CreateDbContext();
}
