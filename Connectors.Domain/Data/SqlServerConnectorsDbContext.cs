using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.Data;

/// <summary>The production provider; migrations in Data/Migrations/SqlServer.</summary>
public sealed class SqlServerConnectorsDbContext(
    DbContextOptions<SqlServerConnectorsDbContext> options, TenantContext tenant, ActorContext actor, TimeProvider clock)
    : ConnectorsDbContext(options, tenant, actor, clock);
