using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.Data;

/// <summary>The embedded default provider; migrations in Data/Migrations/Sqlite.</summary>
public sealed class SqliteConnectorsDbContext(
    DbContextOptions<SqliteConnectorsDbContext> options, TenantContext tenant, ActorContext actor, TimeProvider clock)
    : ConnectorsDbContext(options, tenant, actor, clock);
