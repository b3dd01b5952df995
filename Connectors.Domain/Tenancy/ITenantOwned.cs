namespace Connectors.Domain.Tenancy;

/// <summary>An entity that belongs to exactly one tenant. The DbContext filters reads by the
/// current tenant, fills <see cref="TenantId"/> on insert and refuses writes to other tenants.</summary>
public interface ITenantOwned
{
    Guid TenantId { get; set; }
}
